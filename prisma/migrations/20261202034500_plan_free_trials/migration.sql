-- Catalog as code (issue 15): a plan's free trial and its metadata, as autumn-js's Plan carries them.
-- The trial applies when a customer first gets the plan, so it lives on the plan, not on a version.
ALTER TABLE "plans" ADD COLUMN "trial_length" INTEGER;
ALTER TABLE "plans" ADD COLUMN "trial_unit" TEXT;
ALTER TABLE "plans" ADD COLUMN "trial_card_required" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "plans" ADD COLUMN "trial_on_end" TEXT;
ALTER TABLE "plans" ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}';
ALTER TABLE "plans" ADD CONSTRAINT "plans_trial_unit_check" CHECK ("trial_unit" IS NULL OR "trial_unit" IN ('day', 'month', 'year'));
ALTER TABLE "plans" ADD CONSTRAINT "plans_trial_on_end_check" CHECK ("trial_on_end" IS NULL OR "trial_on_end" IN ('bill', 'revert'));
