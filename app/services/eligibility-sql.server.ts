// The facts the bid rule needs about an enterprise in an auction session, as one SQL fragment: whether staff
// approved its registration and whether its deposit for the session has succeeded. Every plain-SQL read of
// them (the bid path, the proxies' read, the lot view, hasPaidDeposit) embeds this fragment; what the facts
// mean for bidding is decided only by decideBid in app/domain/auction.ts.
//
// The deposit is the session's DEPOSIT payment by the enterprise (one at most: its idempotency key is
// depositKey(session, enterprise)); it is found through the payer's index.

/** The deposit of `enterprise` for `session` (SQL expressions) has succeeded: a boolean expression. */
export function depositPaidSql(session: string, enterprise: string): string {
  return `EXISTS (SELECT 1 FROM "Payment" dp WHERE dp."payerId" = ${enterprise} AND dp."sessionId" = ${session} AND dp.kind = 'DEPOSIT' AND dp.status = 'SUCCEEDED')`
}

/** The registration's status as text (null: not registered), then whether the deposit is paid. */
export function eligibilitySql(session: string, enterprise: string): { registration: string; depositPaid: string } {
  return {
    registration: `(SELECT rg.status::text FROM "Registration" rg WHERE rg."sessionId" = ${session} AND rg."enterpriseId" = ${enterprise})`,
    depositPaid: depositPaidSql(session, enterprise),
  }
}

/** The bidder facts of the domain's `Bidder` from the fragment's columns. */
export function bidderFacts(row: { registration: string | null; depositPaid: boolean }): { approved: boolean; depositPaid: boolean } {
  return { approved: row.registration === 'APPROVED', depositPaid: row.depositPaid }
}
