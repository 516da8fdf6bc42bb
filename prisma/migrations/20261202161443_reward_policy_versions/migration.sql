-- CreateEnum
CREATE TYPE "PolicyStatus" AS ENUM ('PROPOSED', 'APPROVED', 'REJECTED');

-- DropIndex
DROP INDEX "RewardPolicy_name_key";

-- AlterTable
ALTER TABLE "Contract" ADD COLUMN     "auctionMarket" TEXT,
ADD COLUMN     "auctionRef" TEXT;

-- AlterTable
ALTER TABLE "RewardPolicy" ADD COLUMN     "basis" TEXT,
ADD COLUMN     "bureauId" TEXT,
ADD COLUMN     "contractKinds" "ContractKind"[] DEFAULT ARRAY['DEVELOPMENT', 'TRANSFER']::"ContractKind"[],
ADD COLUMN     "decidedAt" TIMESTAMPTZ(3),
ADD COLUMN     "decidedById" TEXT,
ADD COLUMN     "decisionNote" TEXT,
ADD COLUMN     "proposedById" TEXT,
ADD COLUMN     "status" "PolicyStatus" NOT NULL DEFAULT 'PROPOSED',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "RewardPolicy_status_idx" ON "RewardPolicy"("status");

-- CreateIndex
CREATE UNIQUE INDEX "RewardPolicy_name_version_key" ON "RewardPolicy"("name", "version");

-- AddForeignKey
ALTER TABLE "RewardPolicy" ADD CONSTRAINT "RewardPolicy_bureauId_fkey" FOREIGN KEY ("bureauId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RewardPolicy" ADD CONSTRAINT "RewardPolicy_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RewardPolicy" ADD CONSTRAINT "RewardPolicy_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The rows that exist were in force before versions: each is version 1, approved
-- (by whoever seeded it), and belongs to the bureau its authority names.
UPDATE "RewardPolicy" SET "status" = 'APPROVED';
UPDATE "RewardPolicy" p SET "bureauId" = o.id FROM "Organization" o WHERE o.kind = 'BUREAU' AND o.name = p.authority;
