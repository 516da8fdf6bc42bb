-- CreateTable
CREATE TABLE "MatchingBridgeChange" (
    "id" TEXT NOT NULL,
    "problem" TEXT NOT NULL,
    "technology" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "note" TEXT,
    "changedById" TEXT NOT NULL,
    "changedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MatchingBridgeChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchPush" (
    "id" TEXT NOT NULL,
    "listingKind" TEXT NOT NULL,
    "listingId" TEXT NOT NULL,
    "counterpartKind" TEXT NOT NULL,
    "counterpartId" TEXT NOT NULL,
    "recipientOrgId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reasons" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MatchPush_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MatchingBridgeChange_problem_technology_changedAt_idx" ON "MatchingBridgeChange"("problem", "technology", "changedAt");

-- CreateIndex
CREATE INDEX "MatchingBridgeChange_changedAt_idx" ON "MatchingBridgeChange"("changedAt");

-- CreateIndex
CREATE INDEX "MatchPush_recipientOrgId_createdAt_idx" ON "MatchPush"("recipientOrgId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MatchPush_listingId_counterpartId_key" ON "MatchPush"("listingId", "counterpartId");
