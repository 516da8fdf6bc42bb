-- Innovation vouchers (decision 018): voucher terms on reward policy versions, providers and their services,
-- yearly quotas, bookings, and the two voucher payments
-- CreateEnum
CREATE TYPE "VoucherServiceKind" AS ENUM ('INSTRUMENT', 'TEST');

-- CreateEnum
CREATE TYPE "VoucherServiceStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "VoucherHolderKind" AS ENUM ('ENTERPRISE', 'ENTREPRENEUR');

-- CreateEnum
CREATE TYPE "VoucherBookingStatus" AS ENUM ('BOOKED', 'CONFIRMED', 'DELIVERED', 'CANCELLED');

-- AlterEnum: the two voucher payments, added but not used in this migration
ALTER TYPE "PaymentKind" ADD VALUE 'VOUCHER_SHARE';
ALTER TYPE "PaymentKind" ADD VALUE 'VOUCHER_PAYOUT';

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "voucherBookingId" TEXT;

-- AlterTable
ALTER TABLE "RewardPolicy" ADD COLUMN     "voucherCapEnterpriseFen" BIGINT,
ADD COLUMN     "voucherCapEntrepreneurFen" BIGINT,
ADD COLUMN     "voucherShareBp" INTEGER;

-- CreateTable
CREATE TABLE "VoucherProviderApproval" (
    "organizationId" TEXT NOT NULL,
    "bureauId" TEXT NOT NULL,
    "approvedById" TEXT NOT NULL,
    "approvedAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "VoucherProviderApproval_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "VoucherService" (
    "id" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "kind" "VoucherServiceKind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "leadTimeDays" INTEGER NOT NULL,
    "location" TEXT NOT NULL,
    "status" "VoucherServiceStatus" NOT NULL DEFAULT 'SUBMITTED',
    "reviewNote" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "searchTokens" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VoucherService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoucherQuota" (
    "id" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "bureauId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "holderKind" "VoucherHolderKind" NOT NULL,
    "policyId" TEXT NOT NULL,
    "grantedFen" BIGINT NOT NULL,
    "reservedFen" BIGINT NOT NULL DEFAULT 0,
    "redeemedFen" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VoucherQuota_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoucherBooking" (
    "id" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "quotaId" TEXT NOT NULL,
    "holderId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "bureauId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "priceFen" BIGINT NOT NULL,
    "shareBp" INTEGER NOT NULL,
    "voucherFen" BIGINT NOT NULL,
    "ownShareFen" BIGINT NOT NULL,
    "contractId" TEXT,
    "status" "VoucherBookingStatus" NOT NULL DEFAULT 'BOOKED',
    "note" TEXT,
    "reportName" TEXT,
    "reportText" TEXT,
    "bookedAt" TIMESTAMPTZ(3) NOT NULL,
    "confirmedAt" TIMESTAMPTZ(3),
    "deliveredAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,

    CONSTRAINT "VoucherBooking_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VoucherService_status_idx" ON "VoucherService"("status");

-- CreateIndex
CREATE INDEX "VoucherService_providerId_idx" ON "VoucherService"("providerId");

-- CreateIndex
CREATE INDEX "VoucherService_searchTokens_idx" ON "VoucherService" USING GIN ("searchTokens");

-- CreateIndex
CREATE INDEX "VoucherQuota_bureauId_year_idx" ON "VoucherQuota"("bureauId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "VoucherQuota_holderId_year_key" ON "VoucherQuota"("holderId", "year");

-- CreateIndex
CREATE INDEX "VoucherBooking_quotaId_status_idx" ON "VoucherBooking"("quotaId", "status");

-- CreateIndex
CREATE INDEX "VoucherBooking_providerId_status_idx" ON "VoucherBooking"("providerId", "status");

-- CreateIndex
CREATE INDEX "VoucherBooking_bureauId_status_idx" ON "VoucherBooking"("bureauId", "status");

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_voucherBookingId_fkey" FOREIGN KEY ("voucherBookingId") REFERENCES "VoucherBooking"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherService" ADD CONSTRAINT "VoucherService_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherQuota" ADD CONSTRAINT "VoucherQuota_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherQuota" ADD CONSTRAINT "VoucherQuota_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "RewardPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherBooking" ADD CONSTRAINT "VoucherBooking_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "VoucherService"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherBooking" ADD CONSTRAINT "VoucherBooking_quotaId_fkey" FOREIGN KEY ("quotaId") REFERENCES "VoucherQuota"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherBooking" ADD CONSTRAINT "VoucherBooking_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "RewardPolicy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoucherBooking" ADD CONSTRAINT "VoucherBooking_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "Contract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A quota never goes below zero nor above what was granted, whatever the application does
ALTER TABLE "VoucherQuota" ADD CONSTRAINT "VoucherQuota_within_granted" CHECK ("reservedFen" >= 0 AND "redeemedFen" >= 0 AND "reservedFen" + "redeemedFen" <= "grantedFen");

-- A booking splits its price into the voucher part and the holder share
ALTER TABLE "VoucherBooking" ADD CONSTRAINT "VoucherBooking_split" CHECK ("voucherFen" >= 0 AND "ownShareFen" >= 0 AND "voucherFen" + "ownShareFen" = "priceFen");
