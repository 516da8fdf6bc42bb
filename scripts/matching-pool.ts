// Judging pools for an evaluation set (issue 16): `tsx scripts/matching-pool.ts [--set DIR] [--out FILE]`
//
// Pooling, as in TREC: for every need of the set, the union of our top 10, the baseline's top 10 and the results
// already judged, written out sorted by result id with the listings' own text and nothing about which ranker
// proposed which or what was judged before. An assessor who has not seen the matcher grades every pair 0–3, so a
// good answer that the set's author did not list (the first set lists one to three results a need) counts for
// whichever ranker finds it, and a look-alike either ranker puts high is graded as one.
import { writeFileSync } from 'node:fs'
import { option } from '../bench/cli.ts'
import { baselineRanker, EXISTING_SET, loadEvalSet, matcherRanker } from './evaluate-matching.ts'

const dir = option('--set', EXISTING_SET)
const out = option('--out', `${dir}/pool.json`)
const set = loadEvalSet(dir)
const ours = matcherRanker(set)
const baseline = baselineRanker(set)
const judged = new Map(set.judgments.map((j) => [j.needId, Object.keys(j.relevant)]))
const results = new Map(set.results.map((r) => [r.id, r]))

const pools = set.needs.map((need) => {
  const ids = new Set([...ours(need), ...baseline(need), ...(judged.get(need.id) ?? [])])
  return {
    need: { id: need.id, title: need.title, description: need.description, keywords: need.keywords, field: need.field },
    candidates: [...ids].sort().map((id) => {
      const r = results.get(id)!
      return { id, title: r.title, summary: r.summary, keywords: r.keywords, field: r.field }
    }),
  }
})
writeFileSync(out, `${JSON.stringify(pools, null, 1)}\n`)
const sizes = pools.map((p) => p.candidates.length)
console.log(`${pools.length} needs, ${sizes.reduce((a, b) => a + b, 0)} pairs to grade (${Math.min(...sizes)}–${Math.max(...sizes)} a need) → ${out}`)
