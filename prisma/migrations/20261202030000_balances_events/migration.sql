-- Balances granted on their own (balances.create) and usage events as the API's events.
-- Hand-written (the migration runner is offline); it matches schema.prisma.

-- A grant without a plan: balances.create. It is addressed by its balance_id (unique per
-- customer) and may expire.
ALTER TABLE "grants" ALTER COLUMN "customer_plan_id" DROP NOT NULL;
ALTER TABLE "grants" ADD COLUMN "balance_id" TEXT;
ALTER TABLE "grants" ADD COLUMN "expires_at" TIMESTAMPTZ(3);
CREATE UNIQUE INDEX "grants_customer_id_balance_id_key" ON "grants"("customer_id", "balance_id");

-- Every track is an event with the application's properties.
ALTER TABLE "usage_events" ADD COLUMN "properties" JSONB NOT NULL DEFAULT '{}';
-- events.list: a customer's events newest first, paged by (created_at, id).
CREATE INDEX "usage_events_customer_id_created_at_id_idx" ON "usage_events"("customer_id", "created_at" DESC, "id" DESC);

-- Usage per customer, feature and UTC hour, kept by the statement that records each event:
-- events.aggregate and the customer page's chart read at most 24 rows a day per feature, not
-- every event (a customer with a million events aggregated them in hundreds of milliseconds).
CREATE TABLE "usage_rollups" (
    "customer_id" TEXT NOT NULL,
    "feature_pk" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "usage_rollups_pkey" PRIMARY KEY ("customer_id","feature_pk","hour")
);
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "usage_rollups" ADD CONSTRAINT "usage_rollups_feature_pk_fkey" FOREIGN KEY ("feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The events recorded before this migration, rolled up once.
INSERT INTO "usage_rollups" ("customer_id", "feature_pk", "env", "hour", "value", "count")
SELECT "customer_id", "feature_pk", "env", date_trunc('hour', "created_at", 'UTC'), sum("value"), count(*)
  FROM "usage_events"
 GROUP BY 1, 2, 3, 4;
