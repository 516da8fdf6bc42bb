-- A refund asked for but not yet answered by the provider (a pending refund) takes the deposit out of bidding and
-- out of any price at once.
ALTER TABLE "Payment" ADD COLUMN "refundRequestedAt" TIMESTAMPTZ(3);
