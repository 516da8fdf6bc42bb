-- CreateEnum
CREATE TYPE "ChallengeStatus" AS ENUM ('OPEN', 'SELECTED', 'AWARDED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ChallengeApplicationStatus" AS ENUM ('SUBMITTED', 'SELECTED', 'NOT_SELECTED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "rewardFen" BIGINT NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "conditions" TEXT NOT NULL,
    "fundedByBureau" BOOLEAN NOT NULL DEFAULT false,
    "subsidyFen" BIGINT,
    "status" "ChallengeStatus" NOT NULL DEFAULT 'OPEN',
    "postedById" TEXT NOT NULL,
    "selectedById" TEXT,
    "selectedAt" TIMESTAMPTZ(3),
    "awardedAt" TIMESTAMPTZ(3),
    "closedAt" TIMESTAMPTZ(3),
    "closeReason" TEXT,
    "contractId" TEXT,
    "subsidyDueOn" TIMESTAMPTZ(3),
    "subsidyPaidAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeApplication" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "applicantId" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "proposal" TEXT NOT NULL,
    "quoteFen" BIGINT,
    "status" "ChallengeApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChallengeApplication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Challenge_needId_key" ON "Challenge"("needId");

-- CreateIndex
CREATE INDEX "Challenge_status_deadline_idx" ON "Challenge"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeApplication_challengeId_applicantId_key" ON "ChallengeApplication"("challengeId", "applicantId");

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_needId_fkey" FOREIGN KEY ("needId") REFERENCES "TechnicalNeed"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_postedById_fkey" FOREIGN KEY ("postedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_selectedById_fkey" FOREIGN KEY ("selectedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeApplication" ADD CONSTRAINT "ChallengeApplication_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeApplication" ADD CONSTRAINT "ChallengeApplication_applicantId_fkey" FOREIGN KEY ("applicantId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
