-- Two facts about a customer plan that were read from elsewhere (issue 18):
-- replaced_by_id: the plan that replaced this one (status replaced). Billing keeps a shared
--   subscription's item while a switch hands it over to the replacement; the link was only in the
--   customer_plan.replaced audit entry.
-- stops_for_downgrade: the plan's stop at the period's end was set by a downgrade to a free plan
--   scheduled to replace it, not by a cancellation. Canceling that downgrade lifts the stop; a
--   customer's own cancellation stays (the Stripe webhook rewrites canceled_at for both, so the
--   two could not be told apart).
ALTER TABLE "customer_plans" ADD COLUMN "replaced_by_id" TEXT;
ALTER TABLE "customer_plans" ADD COLUMN "stops_for_downgrade" BOOLEAN NOT NULL DEFAULT false;

UPDATE "customer_plans" AS cp
   SET "replaced_by_id" = a."after"->>'replacedByCustomerPlanId'
  FROM "audit_events" AS a
 WHERE cp."status" = 'replaced'
   AND a."action" = 'customer_plan.replaced'
   AND a."target_type" = 'customer_plan'
   AND a."target_id" = cp."id"
   AND a."after" ? 'replacedByCustomerPlanId';

-- Plans canceled at the period's end with a free downgrade of their group scheduled at that end
-- and no cancellation of their own recorded before it: the downgrade set the stop.
UPDATE "customer_plans" AS cp
   SET "stops_for_downgrade" = true
 WHERE cp."status" = 'active' AND cp."cancel_at_period_end"
   AND EXISTS (
     SELECT 1 FROM "customer_plans" AS s
      JOIN "plans" AS sp ON sp."id" = s."plan_pk"
      JOIN "plans" AS rp ON rp."id" = cp."plan_pk"
      WHERE s."customer_id" = cp."customer_id" AND s."status" = 'scheduled'
        AND sp."group" IS NOT NULL AND sp."group" = rp."group" AND s."starts_at" = cp."ends_at")
   AND NOT EXISTS (
     SELECT 1 FROM "audit_events" AS a
      WHERE a."target_id" = cp."id" AND a."action" = 'customer_plan.cancel_scheduled');
