import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FIELDS, FIELD_CODES, fieldLabel } from '~/domain/fields.ts'
import { matchingBoard, GOOD_MATCH_SCORE } from '~/services/matching.server.ts'
import { myInterests } from '~/services/interests.server.ts'
import { requireRole } from '~/utils/auth.server.ts'
import { getDb } from '~/utils/db.server.ts'
import { formatDate, formatDateTime } from '~/utils/format.ts'

export const meta: MetaFunction = () => [{ title: '匹配看板 · 科技成果交易市场' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const db = getDb()
  const staff = await requireRole(request, 'STAFF', db)
  const raw = new URL(request.url).searchParams.get('field') ?? ''
  const field = (FIELD_CODES as readonly string[]).includes(raw) ? raw : undefined
  const [board, interests] = await Promise.all([matchingBoard(db, staff, field), myInterests(db, staff)])
  return { field: field ?? '', ...board, interests: interests.slice(0, 30), threshold: GOOD_MATCH_SCORE }
}

export default function MatchingBoard() {
  const { field, weakNeeds, unseenResults, needCount, interests, threshold } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>匹配看板</h1>
      <Form method="get" className="row card" aria-label="选择产业链">
        <label htmlFor="field">产业链</label>
        <select id="field" name="field" defaultValue={field}>
          <option value="">全部产业链</option>
          {FIELDS.map((f) => (
            <option key={f.code} value={f.code}>
              {f.label}
            </option>
          ))}
        </select>
        <button type="submit">查看</button>
      </Form>
      <section className="card" aria-labelledby="weak-needs">
        <h2 id="weak-needs">
          缺少好匹配的需求（{weakNeeds.length} / {needCount}）
        </h2>
        <p className="meta">最佳匹配度低于 {Math.round(threshold * 100)} 的已发布需求：需要科技局重点对接或寻找新的成果来源。</p>
        <ul className="list">
          {weakNeeds.map((n) => (
            <li key={n.id}>
              <Link to={`/needs/${n.id}`}>{n.title}</Link>
              <div className="meta">
                <span>{n.enterpriseName}</span>
                <span>{fieldLabel(n.field)}</span>
                <span>最佳匹配度 {Math.round(n.bestScore * 100)}</span>
                {n.bestResultId && <Link to={`/results/${n.bestResultId}`}>最接近的成果</Link>}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="unseen-results">
        <h2 id="unseen-results">无人问津的成果（{unseenResults.length}）</h2>
        <p className="meta">已发布、没有企业浏览过详情也没有企业提交意向的成果。</p>
        <ul className="list">
          {unseenResults.map((r) => (
            <li key={r.id}>
              <Link to={`/results/${r.id}`}>{r.title}</Link>
              <div className="meta">
                <span>{r.ownerName}</span>
                <span>{fieldLabel(r.field)}</span>
                <span>发布于 {formatDate(r.publishedAt)}</span>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="all-interest">
        <h2 id="all-interest">最新合作意向</h2>
        <table>
          <thead>
            <tr>
              <th>时间</th>
              <th>企业</th>
              <th>成果</th>
              <th>留言</th>
              <th>回复</th>
            </tr>
          </thead>
          <tbody>
            {interests.map((i) => (
              <tr key={i.id}>
                <td>{formatDateTime(i.createdAt)}</td>
                <td>{i.enterprise.name}</td>
                <td>
                  <Link to={`/results/${i.result.id}`}>{i.result.title}</Link>
                </td>
                <td>{i.message}</td>
                <td>{i.reply ?? '未回复'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  )
}
