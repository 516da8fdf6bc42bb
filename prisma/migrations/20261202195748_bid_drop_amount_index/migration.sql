-- DropIndex
DROP INDEX "Bid_lotId_amountFen_idx";
