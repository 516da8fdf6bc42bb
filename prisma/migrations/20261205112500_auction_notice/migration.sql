-- The auction notice: a session is published with its lots and a registration deadline
ALTER TABLE "AuctionSession" ADD COLUMN "publishedAt" TIMESTAMPTZ(3),
ADD COLUMN "registrationDays" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN "registrationClosesAt" TIMESTAMPTZ(3),
ADD COLUMN "rules" TEXT;

-- Sessions that exist already were public from their creation: they count as published then, and their registration
-- closed when they opened (their registrations stand as they are)
UPDATE "AuctionSession" SET "publishedAt" = "createdAt", "registrationDays" = 0, "registrationClosesAt" = "startsAt";
