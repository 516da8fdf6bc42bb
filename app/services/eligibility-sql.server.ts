// The facts the bid rule needs about an enterprise in a lot, as one SQL fragment: whether staff approved its
// registration for the lot's session and whether its deposit for the lot has succeeded. Every plain-SQL read
// of them (the bid path, the proxies' read, the lot view, hasPaidDeposit) embeds this fragment; what the facts
// mean for bidding is decided only by decideBid in app/domain/auction.ts.
//
// The deposit (decision 021) is the enterprise's DEPOSIT payment for the lot (one at most: its idempotency key
// is lotDepositKey(lot, enterprise)), or a session-wide one paid before deposits were per lot ("lotId" NULL,
// valid for every lot of its session). Both are found through the payer's index.

/** The deposit of `enterprise` for `lot` of `session` (SQL expressions) has succeeded: a boolean expression. */
export function depositPaidSql(session: string, lot: string, enterprise: string): string {
  return `EXISTS (SELECT 1 FROM "Payment" dp WHERE dp."payerId" = ${enterprise} AND dp.kind = 'DEPOSIT' AND dp.status = 'SUCCEEDED'
    AND dp."refundRequestedAt" IS NULL AND (dp."lotId" = ${lot} OR (dp."lotId" IS NULL AND dp."sessionId" = ${session})))`
}

/** The registration's status as text (null: not registered), then whether the lot's deposit is paid. */
export function eligibilitySql(session: string, lot: string, enterprise: string): { registration: string; depositPaid: string } {
  return {
    registration: `(SELECT rg.status::text FROM "Registration" rg WHERE rg."sessionId" = ${session} AND rg."enterpriseId" = ${enterprise})`,
    depositPaid: depositPaidSql(session, lot, enterprise),
  }
}

/** The bidder facts of the domain's `Bidder` from the fragment's columns. */
export function bidderFacts(row: { registration: string | null; depositPaid: boolean }): { approved: boolean; depositPaid: boolean } {
  return { approved: row.registration === 'APPROVED', depositPaid: row.depositPaid }
}
