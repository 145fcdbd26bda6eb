-- The plans billing.multi_attach bills by invoice on ONE Stripe subscription (issue 18):
-- billed_with_id is the group's lead customer plan (the first attached), set on every member, the
-- lead included. When billing starts at once, the attach's transaction queues one job for the
-- group; when it waits (a pending customer until the claim, a future starts_at until that date),
-- nothing else recorded that the plans were attached together, so each started alone on its own
-- subscription. Now the start of waiting billing (start-due-billing.ts) starts the group's due
-- members together. Null: a plan attached alone.
ALTER TABLE "customer_plans" ADD COLUMN "billed_with_id" TEXT;

CREATE INDEX "customer_plans_customer_id_billed_with_id_idx" ON "customer_plans"("customer_id", "billed_with_id");
