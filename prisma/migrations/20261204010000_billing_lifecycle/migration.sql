-- Billing lifecycle (issue 18): how each enabled plan is billed, contracts, renewals, and the
-- customer's invoices as Stripe last told us (Stripe stays the source of truth for money).
-- Hand-written (the migration runner is offline); it matches schema.prisma.

-- How a plan is billed. NULL: nothing to bill (a free plan).
--   checkout  – bought by the customer through Stripe Checkout (attach's payment_url)
--   invoice   – a Stripe subscription with collection_method=send_invoice and net terms
--   card      – the customer pays by card at first sign-in (portal pay button → Checkout)
--   elsewhere – recorded only: billed outside Equinox; nothing renews here
ALTER TABLE "customer_plans" ADD COLUMN "billing_mode" TEXT;
ALTER TABLE "customer_plans" ADD CONSTRAINT "customer_plans_billing_mode_check"
  CHECK ("billing_mode" IN ('checkout', 'invoice', 'card', 'elsewhere'));
-- Where billing stands for this plan:
--   none             – nothing to bill (free, elsewhere)
--   waiting          – billing starts later: at the claim (pending customer) or the contract start
--   starting         – the Stripe subscription is being created (an outbox job; retried, never lost)
--   awaiting_payment – the first invoice / checkout is not paid yet
--   active           – Stripe bills it
--   past_due         – a payment failed
--   ended            – the Stripe subscription is over
ALTER TABLE "customer_plans" ADD COLUMN "billing_state" TEXT NOT NULL DEFAULT 'none';
ALTER TABLE "customer_plans" ADD CONSTRAINT "customer_plans_billing_state_check"
  CHECK ("billing_state" IN ('none', 'waiting', 'starting', 'awaiting_payment', 'active', 'past_due', 'ended'));
-- Invoice billing (Autumn's invoice_mode): net terms, and whether Stripe finalises and sends the
-- invoices (true) or keeps them as drafts for review (false).
ALTER TABLE "customer_plans" ADD COLUMN "invoice_days_until_due" INTEGER;
ALTER TABLE "customer_plans" ADD COLUMN "invoice_auto_finalize" BOOLEAN;
-- True: the plan's features wait until the first invoice / payment is paid (enable_plan_immediately=false).
ALTER TABLE "customer_plans" ADD COLUMN "activate_on_payment" BOOLEAN NOT NULL DEFAULT false;
-- Contracts: at ends_at the plan renews (for another term of the same length) or ends (the default plan then applies).
ALTER TABLE "customer_plans" ADD COLUMN "on_contract_end" TEXT;
ALTER TABLE "customer_plans" ADD CONSTRAINT "customer_plans_on_contract_end_check"
  CHECK ("on_contract_end" IN ('renew', 'end'));
-- The owner's renewal reminder: how many days before ends_at, and when it was sent for this term.
ALTER TABLE "customer_plans" ADD COLUMN "renewal_reminder_days" INTEGER;
ALTER TABLE "customer_plans" ADD COLUMN "renewal_reminded_at" TIMESTAMPTZ(3);
-- billing.update cancel at period end (uncancel clears it); the plan still runs until then.
ALTER TABLE "customer_plans" ADD COLUMN "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false;
-- Stripe discounts applied at attach (coupon / promotion code ids), for display and previews.
ALTER TABLE "customer_plans" ADD COLUMN "discounts" JSONB;

-- Existing rows: a Checkout subscription is 'checkout'; a paid plan enabled by staff was only ever
-- recorded, so it is honestly 'elsewhere' until staff choose how to bill it.
UPDATE "customer_plans" SET "billing_mode" = 'checkout', "billing_state" = CASE WHEN "past_due" THEN 'past_due' ELSE 'active' END
WHERE "stripe_subscription_id" IS NOT NULL;
UPDATE "customer_plans" cp SET "billing_mode" = 'elsewhere'
FROM "plan_versions" pv
WHERE cp."plan_version_id" = pv."id" AND cp."stripe_subscription_id" IS NULL
  AND (COALESCE(cp."custom_price_amount", pv."price_amount", 0) > 0);

CREATE INDEX "customer_plans_contract_end_idx" ON "customer_plans"("env", "ends_at")
  WHERE "ends_at" IS NOT NULL AND "status" IN ('active', 'scheduled');
CREATE INDEX "customer_plans_billing_state_idx" ON "customer_plans"("env", "billing_state")
  WHERE "billing_state" IN ('waiting', 'starting');

-- Contract customers must not cancel alone: the portal offers cancel only when this is true.
ALTER TABLE "customers" ADD COLUMN "self_serve_cancel" BOOLEAN NOT NULL DEFAULT true;

-- The customer's invoices, mirrored from Stripe (API objects and webhooks). Each row keeps the
-- `created` of the Stripe event it was last written from, so a replayed or older event never
-- overwrites a newer state.
CREATE TABLE "invoices" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "customer_plan_id" TEXT,
    "stripe_invoice_id" TEXT NOT NULL,
    "stripe_subscription_id" TEXT,
    "number" TEXT,
    "status" TEXT NOT NULL,
    "collection_method" TEXT,
    "currency" TEXT NOT NULL,
    "subtotal" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "amount_due" INTEGER NOT NULL DEFAULT 0,
    "amount_paid" INTEGER NOT NULL DEFAULT 0,
    "amount_remaining" INTEGER NOT NULL DEFAULT 0,
    "due_date" TIMESTAMPTZ(3),
    "period_start" TIMESTAMPTZ(3),
    "period_end" TIMESTAMPTZ(3),
    "hosted_invoice_url" TEXT,
    "invoice_pdf" TEXT,
    "plan_ids" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "lines" JSONB NOT NULL DEFAULT '[]',
    "stripe_created_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),
    "voided_at" TIMESTAMPTZ(3),
    "source_event_created" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "invoices_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "invoices_status_check" CHECK ("status" IN ('draft', 'open', 'paid', 'void', 'uncollectible'))
);
CREATE UNIQUE INDEX "invoices_env_stripe_invoice_id_key" ON "invoices"("env", "stripe_invoice_id");
CREATE INDEX "invoices_customer_id_stripe_created_at_idx" ON "invoices"("customer_id", "stripe_created_at" DESC, "id" DESC);
CREATE INDEX "invoices_env_stripe_created_at_idx" ON "invoices"("env", "stripe_created_at" DESC, "id" DESC);
CREATE INDEX "invoices_customer_plan_id_idx" ON "invoices"("customer_plan_id");
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_customer_plan_id_fkey" FOREIGN KEY ("customer_plan_id") REFERENCES "customer_plans"("id") ON DELETE SET NULL ON UPDATE CASCADE;
