-- Enterprise facts with dates: high-tech certificates, above-scale years, provincial tech SMEs
CREATE TYPE "EnterpriseFactKind" AS ENUM ('HIGH_TECH', 'ABOVE_SCALE', 'TECH_SME');

CREATE TABLE "EnterpriseFact" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "kind" "EnterpriseFactKind" NOT NULL,
    "year" INTEGER,
    "certificateNo" TEXT,
    "validFrom" TIMESTAMPTZ(3),
    "validTo" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replacedAt" TIMESTAMPTZ(3),
    CONSTRAINT "EnterpriseFact_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "EnterpriseFact_organizationId_kind_idx" ON "EnterpriseFact"("organizationId", "kind");

ALTER TABLE "EnterpriseFact" ADD CONSTRAINT "EnterpriseFact_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
