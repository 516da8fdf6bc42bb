-- SessionStatus loses OPEN: no service ever set it (a session is PLANNED until its first lot opens, then LIVE)
UPDATE "AuctionSession" SET "status" = 'PLANNED' WHERE "status" = 'OPEN';
ALTER TYPE "SessionStatus" RENAME TO "SessionStatus_old";
CREATE TYPE "SessionStatus" AS ENUM ('PLANNED', 'LIVE', 'CLOSED', 'CANCELLED');
ALTER TABLE "AuctionSession" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "AuctionSession" ALTER COLUMN "status" TYPE "SessionStatus" USING ("status"::text::"SessionStatus");
ALTER TABLE "AuctionSession" ALTER COLUMN "status" SET DEFAULT 'PLANNED';
DROP TYPE "SessionStatus_old";
