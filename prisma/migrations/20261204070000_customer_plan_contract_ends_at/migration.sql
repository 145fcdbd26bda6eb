-- The contract's own end, kept apart from ends_at: a cancellation at the period's end moves
-- ends_at earlier, and taking the cancellation back must restore the contract's end (issue 18).
ALTER TABLE "customer_plans" ADD COLUMN "contract_ends_at" TIMESTAMPTZ(3);

-- Contracts already running: their ends_at is the contract's end.
UPDATE "customer_plans" SET "contract_ends_at" = "ends_at" WHERE "on_contract_end" IS NOT NULL;
