-- AlterTable
ALTER TABLE "ResearchResult" ADD COLUMN     "viewCount" INTEGER NOT NULL DEFAULT 0;
