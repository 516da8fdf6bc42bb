// Computes rewards for a JSON-lines file of payments, without the web app or
// a database, with the same domain function the worker calls:
//   tsx scripts/rewards.ts --payments P.jsonl [--policy policy.json]
// Each line is a payment
//   {"payment":"p1","enterprise":"E1","contract":"C1","viaAuction":true,"amountFen":100000000,"paidAt":"2026-03-01T10:00:00+08:00"}
// ("payment" optional: the line number is used), or a reversal
//   {"refund":"p1"}   {"cancelContract":"C1"}
// Lines are applied in file order. Prints one JSON line per reward or
// reversal entry: { payment, enterprise, contract, year, isReversal, amountFen, explanation }.
// "contractKind" (DEVELOPMENT, TRANSFER, LICENCE) is optional, TRANSFER by default.
// The policy defaults to the seed's Shaoxing policy (prisma/seed-data.ts);
// --policy names a JSON file with the same fields (amounts in fen, rates in bp),
// or an array of versions: each payment is rewarded under the version valid at
// its date, as the worker does ("version" and "contractKinds" optional: 1, and
// development and transfer).
// Exit 2 on bad arguments, 1 on a bad line (its number and the problem on stderr).
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { parseInstant } from '../app/domain/calendar.ts'
import { CONTRACT_KINDS, RewardBook, type ContractKind, type LedgerEvent, type RewardEntry, type RewardPolicyRule } from '../app/domain/rewards.ts'
import { rewardPolicies } from '../prisma/seed-data.ts'

const fen = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer')
// Through the one calendar parser: "2026-02-30T…" is refused, not read as 2 March.
const instant = z.string().transform((s, ctx) => {
  const ms = parseInstant(s)
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: 'must be an ISO date-time with its offset, on a date that exists' })
    return z.NEVER
  }
  return ms
})

const PolicySchema = z.object({
  id: z.string().optional(),
  name: z.string().min(1),
  authority: z.string().default(''),
  validFrom: instant,
  validTo: instant.nullable().default(null),
  rateOutsideAuctionBp: z.number().int().min(0).max(10_000),
  rateViaAuctionBp: z.number().int().min(0).max(10_000),
  capPerContractFen: fen.min(0),
  capPerEnterpriseYearFen: fen.min(0),
  version: z.number().int().min(1).default(1),
  contractKinds: z.array(z.enum(CONTRACT_KINDS as [ContractKind, ...ContractKind[]])).min(1).default(['DEVELOPMENT', 'TRANSFER']),
})

const LineSchema = z.union([
  z.object({
    payment: z.string().min(1).optional(),
    enterprise: z.string().min(1),
    contract: z.string().min(1),
    viaAuction: z.boolean(),
    contractKind: z.enum(CONTRACT_KINDS as [ContractKind, ...ContractKind[]]).default('TRANSFER'),
    amountFen: fen.positive('must be positive'),
    paidAt: instant,
  }),
  z.object({ refund: z.string().min(1) }),
  z.object({ cancelContract: z.string().min(1) }),
])

export function policyFromJson(value: unknown): RewardPolicyRule {
  const p = PolicySchema.parse(value)
  return {
    id: p.id ?? p.name,
    name: p.name,
    authority: p.authority,
    validFromMs: p.validFrom,
    validToMs: p.validTo,
    rateOutsideAuctionBp: p.rateOutsideAuctionBp,
    rateViaAuctionBp: p.rateViaAuctionBp,
    capPerContractFen: p.capPerContractFen,
    capPerEnterpriseYearFen: p.capPerEnterpriseYearFen,
    version: p.version,
    contractKinds: p.contractKinds,
  }
}

/** One policy, or an array of its versions. */
export function policiesFromJson(value: unknown): RewardPolicyRule[] {
  return Array.isArray(value) ? value.map(policyFromJson) : [policyFromJson(value)]
}

export const SHAOXING_POLICY: RewardPolicyRule = policyFromJson(rewardPolicies[0])

export type CliOutput = { payment: string; enterprise: string; contract: string; year: number; isReversal: boolean; amountFen: number; explanation: RewardEntry['explanation'] }

/** Applies the lines in order; throws `line N: problem` on the first bad one. */
export function computeRewardsFromLines(lines: string[], policy: RewardPolicyRule | RewardPolicyRule[]): CliOutput[] {
  const book = new RewardBook(Array.isArray(policy) ? policy : [policy])
  const out: CliOutput[] = []
  lines.forEach((text, i) => {
    if (!text.trim()) return
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new Error(`line ${i + 1}: not JSON`)
    }
    const parsed = LineSchema.safeParse(json)
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'} ${x.message}`).join('; ')}`)
    const v = parsed.data
    const event: LedgerEvent =
      'refund' in v
        ? { type: 'refunded', paymentId: v.refund }
        : 'cancelContract' in v
          ? { type: 'contract-cancelled', contractId: v.cancelContract }
          : { type: 'paid', payment: { paymentId: v.payment ?? `line-${i + 1}`, enterpriseId: v.enterprise, contractId: v.contract, viaAuction: v.viaAuction, contractKind: v.contractKind, amountFen: v.amountFen, paidAtMs: v.paidAt } }
    for (const e of book.apply(event)) {
      out.push({ payment: e.paymentId, enterprise: e.enterpriseId, contract: e.contractId, year: e.year, isReversal: e.isReversal, amountFen: e.amountFen, explanation: e.explanation })
    }
  })
  return out
}

function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

function main(argv: string[]): number {
  const paymentsPath = argValue(argv, '--payments')
  const policyPath = argValue(argv, '--policy')
  if (!paymentsPath) {
    process.stderr.write('usage: tsx scripts/rewards.ts --payments P.jsonl [--policy policy.json]\n')
    return 2
  }
  try {
    const policy = policyPath ? policiesFromJson(JSON.parse(readFileSync(policyPath, 'utf8'))) : SHAOXING_POLICY
    for (const row of computeRewardsFromLines(readFileSync(paymentsPath, 'utf8').split('\n'), policy)) process.stdout.write(`${JSON.stringify(row)}\n`)
    return 0
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`)
    return 1
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // A closed pipe (| head) ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0)
    throw e
  })
  process.exitCode = main(process.argv.slice(2))
}
