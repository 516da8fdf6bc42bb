-- AlterTable
ALTER TABLE "Lot" ADD COLUMN     "bidderCount" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LotBidder" (
    "lotId" TEXT NOT NULL,
    "bidderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,

    CONSTRAINT "LotBidder_pkey" PRIMARY KEY ("lotId","bidderId")
);

-- CreateIndex
CREATE UNIQUE INDEX "LotBidder_lotId_number_key" ON "LotBidder"("lotId", "number");

-- AddForeignKey
ALTER TABLE "LotBidder" ADD CONSTRAINT "LotBidder_lotId_fkey" FOREIGN KEY ("lotId") REFERENCES "Lot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LotBidder" ADD CONSTRAINT "LotBidder_bidderId_fkey" FOREIGN KEY ("bidderId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
