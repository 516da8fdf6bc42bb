-- DropForeignKey
ALTER TABLE "Contract" DROP CONSTRAINT "Contract_registeredById_fkey";

-- AlterTable
ALTER TABLE "Contract" ADD COLUMN     "cancelReason" TEXT,
ALTER COLUMN "registeredById" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ContractRewardTotal" (
    "contractId" TEXT NOT NULL,
    "rewardedFen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "ContractRewardTotal_pkey" PRIMARY KEY ("contractId")
);

-- CreateTable
CREATE TABLE "EnterpriseYearRewardTotal" (
    "enterpriseId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "rewardedFen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "EnterpriseYearRewardTotal_pkey" PRIMARY KEY ("enterpriseId","year")
);

-- CreateIndex
CREATE INDEX "Reward_status_createdAt_idx" ON "Reward"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_registeredById_fkey" FOREIGN KEY ("registeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
