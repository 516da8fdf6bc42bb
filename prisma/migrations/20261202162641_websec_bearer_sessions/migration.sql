-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "bearer" BOOLEAN NOT NULL DEFAULT false;
