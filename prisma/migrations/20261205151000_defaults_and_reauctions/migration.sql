-- Defaults and re-auctions (decision 022): session kinds, a lot's predecessor, bars on defaulters
-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('REGULAR', 'EXTRA');

-- DropIndex
DROP INDEX "AuctionSession_bureauId_quarter_key";

-- AlterTable
ALTER TABLE "AuctionSession" ADD COLUMN     "kind" "SessionKind" NOT NULL DEFAULT 'REGULAR',
ADD COLUMN     "regularQuarter" TEXT;

-- Every session that exists is its quarter's regular one (the old unique index held one per bureau and quarter)
UPDATE "AuctionSession" SET "regularQuarter" = "quarter";

-- AlterTable
ALTER TABLE "Lot" ADD COLUMN     "predecessorLotId" TEXT,
ADD COLUMN     "reauctionReason" TEXT;

-- CreateTable
CREATE TABLE "AuctionBar" (
    "id" TEXT NOT NULL,
    "resultId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "dealId" TEXT NOT NULL,
    "lotId" TEXT,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuctionBar_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AuctionBar_dealId_key" ON "AuctionBar"("dealId");

-- CreateIndex
CREATE INDEX "AuctionBar_resultId_enterpriseId_idx" ON "AuctionBar"("resultId", "enterpriseId");

-- CreateIndex
CREATE INDEX "AuctionBar_lotId_enterpriseId_idx" ON "AuctionBar"("lotId", "enterpriseId");

-- CreateIndex
CREATE INDEX "AuctionSession_bureauId_quarter_idx" ON "AuctionSession"("bureauId", "quarter");

-- CreateIndex
CREATE UNIQUE INDEX "AuctionSession_bureauId_regularQuarter_key" ON "AuctionSession"("bureauId", "regularQuarter");

-- CreateIndex
CREATE UNIQUE INDEX "Lot_predecessorLotId_key" ON "Lot"("predecessorLotId");

-- AddForeignKey
ALTER TABLE "Lot" ADD CONSTRAINT "Lot_predecessorLotId_fkey" FOREIGN KEY ("predecessorLotId") REFERENCES "Lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuctionBar" ADD CONSTRAINT "AuctionBar_resultId_fkey" FOREIGN KEY ("resultId") REFERENCES "ResearchResult"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuctionBar" ADD CONSTRAINT "AuctionBar_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuctionBar" ADD CONSTRAINT "AuctionBar_dealId_fkey" FOREIGN KEY ("dealId") REFERENCES "Deal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuctionBar" ADD CONSTRAINT "AuctionBar_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;
