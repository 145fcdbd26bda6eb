-- Entitlements: the catalog (features, plans, plan versions and items), the plans enabled for
-- customers, what each granted (one row per customer plan and feature) and usage events.

-- CreateEnum
CREATE TYPE "FeatureType" AS ENUM ('boolean', 'single_use', 'continuous_use');

-- CreateEnum
CREATE TYPE "ResetInterval" AS ENUM ('none', 'day', 'week', 'month', 'quarter', 'year');

-- CreateEnum
CREATE TYPE "PriceInterval" AS ENUM ('one_off', 'month', 'quarter', 'year');

-- CreateEnum
CREATE TYPE "CustomerPlanStatus" AS ENUM ('scheduled', 'active', 'expired', 'canceled', 'replaced');

-- CreateTable
CREATE TABLE "features" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "feature_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "FeatureType" NOT NULL,
    "event_names" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "features_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plans" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "plan_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "group" TEXT,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "is_add_on" BOOLEAN NOT NULL DEFAULT false,
    "archived_at" TIMESTAMPTZ(3),
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_versions" (
    "id" TEXT NOT NULL,
    "plan_pk" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "price_amount" INTEGER,
    "currency" TEXT NOT NULL DEFAULT 'usd',
    "price_interval" "PriceInterval",
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

CONSTRAINT "plan_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_items" (
    "id" TEXT NOT NULL,
    "plan_version_id" TEXT NOT NULL,
    "feature_pk" TEXT NOT NULL,
    "included" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "unlimited" BOOLEAN NOT NULL DEFAULT false,
    "reset_interval" "ResetInterval" NOT NULL DEFAULT 'none',
    "overage_allowed" BOOLEAN NOT NULL DEFAULT false,

CONSTRAINT "plan_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_plans" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "plan_pk" TEXT NOT NULL,
    "plan_version_id" TEXT NOT NULL,
    "status" "CustomerPlanStatus" NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "canceled_at" TIMESTAMPTZ(3),
    "custom_price_amount" INTEGER,
    "custom_currency" TEXT,
    "overrides" JSONB,
    "is_custom" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "past_due" BOOLEAN NOT NULL DEFAULT false,
    "current_period_start" TIMESTAMPTZ(3),
    "current_period_end" TIMESTAMPTZ(3),
    "trial_ends_at" TIMESTAMPTZ(3),
    "stripe_subscription_id" TEXT,
    "enabled_by_kind" "ActorKind" NOT NULL,
    "enabled_by_id" TEXT,
    "enabled_by_label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "customer_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grants" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "customer_plan_id" TEXT NOT NULL,
    "feature_pk" TEXT NOT NULL,
    "granted" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "unlimited" BOOLEAN NOT NULL DEFAULT false,
    "overage_allowed" BOOLEAN NOT NULL DEFAULT false,
    "usage" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "reset_interval" "ResetInterval" NOT NULL DEFAULT 'none',
    "last_reset_at" TIMESTAMPTZ(3),
    "next_reset_at" TIMESTAMPTZ(3),
    "reset_anchor" TIMESTAMPTZ(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

CONSTRAINT "grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_events" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "feature_pk" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "event_name" TEXT,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

CONSTRAINT "usage_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "features_env_feature_id_key" ON "features"("env", "feature_id");

-- CreateIndex
CREATE UNIQUE INDEX "plans_env_plan_id_key" ON "plans"("env", "plan_id");

-- CreateIndex
CREATE UNIQUE INDEX "plan_versions_plan_pk_version_key" ON "plan_versions"("plan_pk", "version");

-- CreateIndex
CREATE UNIQUE INDEX "plan_items_plan_version_id_feature_pk_key" ON "plan_items"("plan_version_id", "feature_pk");

-- CreateIndex
CREATE INDEX "customer_plans_customer_id_status_idx" ON "customer_plans"("customer_id", "status");

-- CreateIndex
CREATE INDEX "customer_plans_env_plan_pk_status_idx" ON "customer_plans"("env", "plan_pk", "status");

-- CreateIndex
CREATE INDEX "customer_plans_env_stripe_subscription_id_idx" ON "customer_plans"("env", "stripe_subscription_id");

-- CreateIndex
CREATE INDEX "grants_customer_id_feature_pk_active_idx" ON "grants"("customer_id", "feature_pk", "active");

-- CreateIndex
CREATE UNIQUE INDEX "grants_customer_plan_id_feature_pk_key" ON "grants"("customer_plan_id", "feature_pk");

-- CreateIndex
CREATE INDEX "usage_events_customer_id_feature_pk_created_at_idx" ON "usage_events"("customer_id", "feature_pk", "created_at");

-- AddForeignKey
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_pk_fkey" FOREIGN KEY ("plan_pk") REFERENCES "plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_feature_pk_fkey" FOREIGN KEY ("feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_plans" ADD CONSTRAINT "customer_plans_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_plans" ADD CONSTRAINT "customer_plans_plan_pk_fkey" FOREIGN KEY ("plan_pk") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_plans" ADD CONSTRAINT "customer_plans_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_customer_plan_id_fkey" FOREIGN KEY ("customer_plan_id") REFERENCES "customer_plans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_feature_pk_fkey" FOREIGN KEY ("feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_feature_pk_fkey" FOREIGN KEY ("feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
