-- Deposits per lot (docs/decisions/021-deposits-per-lot.md).
--
-- From now on a deposit is one payment per (lot, enterprise), key `deposit-lot:<lot>:<enterprise>`, with
-- Payment."lotId" set. The session-wide deposits paid before (key `deposit:<session>:<enterprise>`, "lotId"
-- NULL, the deposit amount of the largest lot) are kept exactly as they are: no amount, status, instant or key
-- changes, so
-- every fen and every ledger posting stays where it is. The code treats such a row as valid for every lot of
-- its session and decides it when the whole session is decided (as before).
--
-- The ledger gets the lot of each posting, copied from its payment (as "sessionId" already is), for the
-- per-lot deposit report. The postings of session-wide deposits keep "lotId" NULL.

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "lotId" TEXT;

-- Backfill: the postings of payments that already name a lot (settlements do, no deposit does yet). Only the
-- new column is written.
UPDATE "LedgerEntry" e SET "lotId" = p."lotId" FROM "Payment" p WHERE p.id = e."paymentId" AND p."lotId" IS NOT NULL;

-- CreateIndex
CREATE INDEX "LedgerEntry_lotId_kind_idx" ON "LedgerEntry"("lotId", "kind");

-- CreateIndex
CREATE INDEX "Payment_lotId_kind_status_idx" ON "Payment"("lotId", "kind", "status");
