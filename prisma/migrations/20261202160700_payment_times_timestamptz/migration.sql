-- The payments migration stored these three times as TIMESTAMP (no time zone).
-- Prisma wrote them as UTC wall-clock values, so each is read back AT TIME ZONE
-- 'UTC': the instant stays the same whatever the session's TimeZone is (a bare
-- SET DATA TYPE would read them in the server's zone and shift every instant on
-- a server not set to UTC). tests/integration/migrations.test.ts checks it.

-- AlterTable
ALTER TABLE "LedgerEntry" ALTER COLUMN "at" SET DATA TYPE TIMESTAMPTZ(3) USING "at" AT TIME ZONE 'UTC';

-- AlterTable
ALTER TABLE "PaymentEvent" ALTER COLUMN "occurredAt" SET DATA TYPE TIMESTAMPTZ(3) USING "occurredAt" AT TIME ZONE 'UTC',
ALTER COLUMN "receivedAt" SET DATA TYPE TIMESTAMPTZ(3) USING "receivedAt" AT TIME ZONE 'UTC';
