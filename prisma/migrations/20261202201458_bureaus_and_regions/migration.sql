-- DropIndex
DROP INDEX "AuctionSession_quarter_key";

-- AlterTable: the bureau that runs a session. Existing sessions go to the bureau of the staff member who
-- created them (session.create in the audit log), else to 丽水市科学技术局, else to the first bureau.
ALTER TABLE "AuctionSession" ADD COLUMN     "bureauId" TEXT;
UPDATE "AuctionSession" s SET "bureauId" = COALESCE(
  (SELECT u."organizationId" FROM "AuditLog" a JOIN "User" u ON u.id = a."actorId" JOIN "Organization" o ON o.id = u."organizationId"
    WHERE a."entityType" = 'AuctionSession' AND a."entityId" = s.id AND a.action = 'session.create' AND o.kind = 'BUREAU' ORDER BY a.at LIMIT 1),
  (SELECT id FROM "Organization" WHERE kind = 'BUREAU' AND name = '丽水市科学技术局'),
  (SELECT id FROM "Organization" WHERE kind = 'BUREAU' ORDER BY name LIMIT 1));
ALTER TABLE "AuctionSession" ALTER COLUMN "bureauId" SET NOT NULL;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "countyId" TEXT;

-- CreateTable
CREATE TABLE "County" (
    "id" TEXT NOT NULL,
    "bureauId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "code" TEXT,

    CONSTRAINT "County_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "County_bureauId_name_key" ON "County"("bureauId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "AuctionSession_bureauId_quarter_key" ON "AuctionSession"("bureauId", "quarter");

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "County"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "County" ADD CONSTRAINT "County_bureauId_fkey" FOREIGN KEY ("bureauId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuctionSession" ADD CONSTRAINT "AuctionSession_bureauId_fkey" FOREIGN KEY ("bureauId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The known regions (app/domain/regions.ts, DOMAIN.md) for the bureaus this database already has, a new
-- database gets them from the seed, a new bureau from 单位管理.
INSERT INTO "County" ("id", "bureauId", "name", "code")
SELECT 'county-' || md5(o.id || ':' || c.name), o.id, c.name, c.code
FROM "Organization" o
JOIN (VALUES
  ('丽水市科学技术局', '莲都区', '331102'), ('丽水市科学技术局', '丽水经济技术开发区', NULL), ('丽水市科学技术局', '青田县', '331121'),
  ('丽水市科学技术局', '景宁县', '331127'), ('丽水市科学技术局', '庆元县', '331126'), ('丽水市科学技术局', '龙泉市', '331181'),
  ('丽水市科学技术局', '松阳县', '331124'), ('丽水市科学技术局', '遂昌县', '331123'), ('丽水市科学技术局', '缙云县', '331122'),
  ('丽水市科学技术局', '云和县', '331125'),
  ('绍兴市科学技术局', '越城区', '330602'), ('绍兴市科学技术局', '柯桥区', '330603'), ('绍兴市科学技术局', '上虞区', '330604'),
  ('绍兴市科学技术局', '诸暨市', '330681'), ('绍兴市科学技术局', '嵊州市', '330683'), ('绍兴市科学技术局', '新昌县', '330624')
) AS c(bureau, name, code) ON c.bureau = o.name
WHERE o.kind = 'BUREAU';

-- Organisations (not bureaus) whose county text names one of them, as written or with the city before it.
UPDATE "Organization" org SET "countyId" = k.id
FROM "County" k JOIN "Organization" b ON b.id = k."bureauId"
WHERE org.kind <> 'BUREAU' AND (
  regexp_replace(org.county, '\s', '', 'g') IN (k.name, replace(b.name, '科学技术局', '') || k.name)
  OR (k.name = '丽水经济技术开发区' AND regexp_replace(org.county, '\s', '', 'g') IN ('开发区', '经开区', '丽水开发区', '丽水市开发区'))
  OR (k.name = '景宁县' AND regexp_replace(org.county, '\s', '', 'g') IN ('景宁畲族自治县', '丽水市景宁畲族自治县'))
);

-- AlterTable: the bureau a contract is registered with. Existing contracts: the bureau of its registrar, else the
-- bureau of the auction session its deal came from, else the bureau of the county of its buyer, else 丽水, else the first.
ALTER TABLE "Contract" ADD COLUMN     "bureauId" TEXT;
UPDATE "Contract" c SET "bureauId" = COALESCE(
  (SELECT u."organizationId" FROM "User" u JOIN "Organization" o ON o.id = u."organizationId" WHERE u.id = c."registeredById" AND o.kind = 'BUREAU'),
  (SELECT s."bureauId" FROM "Deal" d JOIN "Lot" l ON l.id = d."lotId" JOIN "AuctionSession" s ON s.id = l."sessionId" WHERE d.id = c."dealId"),
  (SELECT k."bureauId" FROM "Organization" b JOIN "County" k ON k.id = b."countyId" WHERE b.id = c."buyerId"),
  (SELECT id FROM "Organization" WHERE kind = 'BUREAU' AND name = '丽水市科学技术局'),
  (SELECT id FROM "Organization" WHERE kind = 'BUREAU' ORDER BY name LIMIT 1));
ALTER TABLE "Contract" ALTER COLUMN "bureauId" SET NOT NULL;
ALTER TABLE "Contract" ADD CONSTRAINT "Contract_bureauId_fkey" FOREIGN KEY ("bureauId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
