-- AlterTable
ALTER TABLE "Interest" ADD COLUMN     "submissionKey" TEXT;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "refundedFen" BIGINT;

-- AlterTable
ALTER TABLE "ResearchResult" ADD COLUMN     "submissionKey" TEXT;

-- AlterTable
ALTER TABLE "TechnicalNeed" ADD COLUMN     "submissionKey" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "bureauAdmin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "createdById" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Interest_submissionKey_key" ON "Interest"("submissionKey");

-- CreateIndex
CREATE UNIQUE INDEX "ResearchResult_submissionKey_key" ON "ResearchResult"("submissionKey");

-- CreateIndex
CREATE UNIQUE INDEX "TechnicalNeed_submissionKey_key" ON "TechnicalNeed"("submissionKey");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
