-- Service campaigns, visits and closed-loop requests (issue 14, decision 017)
-- CreateEnum
CREATE TYPE "VisitStatus" AS ENUM ('PLANNED', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "VisitMode" AS ENUM ('ON_SITE', 'ONLINE');

-- CreateEnum
CREATE TYPE "RequestCategory" AS ENUM ('POLICY', 'FUNDING', 'TALENT', 'TECHNOLOGY', 'FINANCE', 'OTHER');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "RequestRating" AS ENUM ('SATISFIED', 'BASICALLY_SATISFIED', 'UNSATISFIED');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "bureauId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "noticeRef" TEXT NOT NULL,
    "startsOn" TIMESTAMPTZ(3) NOT NULL,
    "endsOn" TIMESTAMPTZ(3) NOT NULL,
    "coverageTargetOn" TIMESTAMPTZ(3) NOT NULL,
    "fundsTargetBp" INTEGER NOT NULL,
    "fundsTargetOn" TIMESTAMPTZ(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignGroup" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "leaderName" TEXT NOT NULL,
    "leaderUserId" TEXT,
    "departments" TEXT[],

    CONSTRAINT "CampaignGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignCounty" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "groupId" TEXT NOT NULL,
    "countyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CampaignCounty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignEnterprise" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "campaignCountyId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "CampaignEnterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Visit" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "status" "VisitStatus" NOT NULL,
    "assigneeId" TEXT,
    "plannedOn" TIMESTAMPTZ(3),
    "visitedOn" TIMESTAMPTZ(3),
    "visitors" TEXT NOT NULL DEFAULT '',
    "mode" "VisitMode",
    "policies" TEXT[],
    "problems" TEXT NOT NULL DEFAULT '',
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Visit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ServiceRequest" (
    "id" TEXT NOT NULL,
    "bureauId" TEXT NOT NULL,
    "enterpriseId" TEXT NOT NULL,
    "campaignId" TEXT,
    "visitId" TEXT,
    "category" "RequestCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "attachments" TEXT[],
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactPhone" TEXT NOT NULL DEFAULT '',
    "status" "RequestStatus" NOT NULL,
    "department" TEXT,
    "workingDays" INTEGER,
    "deadline" TIMESTAMPTZ(3),
    "escalatedAt" TIMESTAMPTZ(3),
    "needId" TEXT,
    "raisedById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ServiceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestAnswer" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "answeredById" TEXT NOT NULL,
    "answeredAt" TIMESTAMPTZ(3) NOT NULL,
    "rating" "RequestRating",
    "ratingNote" TEXT,
    "ratedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RequestAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_bureauId_name_key" ON "Campaign"("bureauId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignGroup_campaignId_position_key" ON "CampaignGroup"("campaignId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignCounty_campaignId_countyId_key" ON "CampaignCounty"("campaignId", "countyId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignEnterprise_campaignId_enterpriseId_key" ON "CampaignEnterprise"("campaignId", "enterpriseId");

-- CreateIndex
CREATE INDEX "Visit_campaignId_status_visitedOn_idx" ON "Visit"("campaignId", "status", "visitedOn");

-- CreateIndex
CREATE INDEX "Visit_enterpriseId_idx" ON "Visit"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "ServiceRequest_needId_key" ON "ServiceRequest"("needId");

-- CreateIndex
CREATE INDEX "ServiceRequest_bureauId_status_idx" ON "ServiceRequest"("bureauId", "status");

-- CreateIndex
CREATE INDEX "ServiceRequest_enterpriseId_idx" ON "ServiceRequest"("enterpriseId");

-- CreateIndex
CREATE INDEX "RequestAnswer_requestId_answeredAt_idx" ON "RequestAnswer"("requestId", "answeredAt");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_bureauId_fkey" FOREIGN KEY ("bureauId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignGroup" ADD CONSTRAINT "CampaignGroup_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignGroup" ADD CONSTRAINT "CampaignGroup_leaderUserId_fkey" FOREIGN KEY ("leaderUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignCounty" ADD CONSTRAINT "CampaignCounty_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignCounty" ADD CONSTRAINT "CampaignCounty_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "CampaignGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignCounty" ADD CONSTRAINT "CampaignCounty_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "County"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignEnterprise" ADD CONSTRAINT "CampaignEnterprise_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignEnterprise" ADD CONSTRAINT "CampaignEnterprise_campaignCountyId_fkey" FOREIGN KEY ("campaignCountyId") REFERENCES "CampaignCounty"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignEnterprise" ADD CONSTRAINT "CampaignEnterprise_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Visit" ADD CONSTRAINT "Visit_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_bureauId_fkey" FOREIGN KEY ("bureauId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_visitId_fkey" FOREIGN KEY ("visitId") REFERENCES "Visit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_needId_fkey" FOREIGN KEY ("needId") REFERENCES "TechnicalNeed"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ServiceRequest" ADD CONSTRAINT "ServiceRequest_raisedById_fkey" FOREIGN KEY ("raisedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestAnswer" ADD CONSTRAINT "RequestAnswer_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ServiceRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestAnswer" ADD CONSTRAINT "RequestAnswer_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
