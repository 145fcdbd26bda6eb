-- Entities (issue 15): sub-accounts of a customer (seats, workspaces) with balances of their own.
-- Hand-written (the migration runner is offline); it matches schema.prisma.

CREATE TABLE "entities" (
    "id" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "customer_id" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "name" TEXT,
    "feature_pk" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "entities_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "entities" ADD CONSTRAINT "entities_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "entities" ADD CONSTRAINT "entities_feature_pk_fkey" FOREIGN KEY ("feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "entities_env_customer_id_created_at_id_idx" ON "entities"("env", "customer_id", "created_at", "id");
CREATE INDEX "entities_env_external_id_idx" ON "entities"("env", "external_id");
-- Not expressible in schema.prisma: an entity id is unique among the customer's LIVE entities,
-- so a deleted seat's id can be given to a new one (its old events keep the old row).
CREATE UNIQUE INDEX "entities_customer_id_external_id_live_key" ON "entities"("customer_id", "external_id") WHERE "deleted_at" IS NULL;
-- The hot path counts a customer's live entities of a feature (per-entity balances).
CREATE INDEX "entities_customer_id_feature_pk_live_idx" ON "entities"("customer_id", "feature_pk") WHERE "deleted_at" IS NULL;

CREATE TABLE "entity_balances" (
    "grant_id" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "usage" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "period_start" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "entity_balances_pkey" PRIMARY KEY ("grant_id", "entity_id")
);
ALTER TABLE "entity_balances" ADD CONSTRAINT "entity_balances_grant_id_fkey" FOREIGN KEY ("grant_id") REFERENCES "grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "entity_balances" ADD CONSTRAINT "entity_balances_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entities"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "entity_balances_entity_id_idx" ON "entity_balances"("entity_id");

-- Per-entity plan items and the grants copied from them.
ALTER TABLE "plan_items" ADD COLUMN "entity_feature_pk" TEXT;
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_entity_feature_pk_fkey" FOREIGN KEY ("entity_feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "grants" ADD COLUMN "entity_feature_pk" TEXT;
ALTER TABLE "grants" ADD CONSTRAINT "grants_entity_feature_pk_fkey" FOREIGN KEY ("entity_feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Usage tracked for an entity.
ALTER TABLE "usage_events" ADD COLUMN "entity_id" TEXT;
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_entity_id_fkey" FOREIGN KEY ("entity_id") REFERENCES "entities"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "usage_events_entity_id_idx" ON "usage_events"("entity_id") WHERE "entity_id" IS NOT NULL;
