-- Hourly usage also per distinct event shape (entity and properties), so that events.aggregate
-- grouped or filtered by any property, by entity or by customer reads rollup rows instead of every
-- event (a customer with a million events: 30 days grouped by a property read ~80k events, ~150 ms).
-- Hand-written (the migration runner is offline); it matches schema.prisma.
--
-- Every event of one customer, feature and UTC hour with the same entity and the same properties
-- object (jsonb equality: key order and duplicate keys do not matter) adds to one row; the row
-- keeps the properties themselves, so grouping by `properties ->> key` over the rows is exact for
-- any key. `group_key` names the shape (md5 of the entity id and the canonical jsonb text) so the
-- key stays small whatever the properties hold. Kept by the same statement that records the event.
-- usage_rollups stays as it is: ungrouped ranges (a year by month) read its one row per hour.
CREATE TABLE "usage_property_rollups" (
    "customer_id" TEXT NOT NULL,
    "feature_pk" TEXT NOT NULL,
    "env" "Env" NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "group_key" UUID NOT NULL,
    "entity_id" TEXT,
    "properties" JSONB NOT NULL DEFAULT '{}',
    "value" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "usage_property_rollups_pkey" PRIMARY KEY ("customer_id","feature_pk","hour","group_key")
);
ALTER TABLE "usage_property_rollups" ADD CONSTRAINT "usage_property_rollups_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "usage_property_rollups" ADD CONSTRAINT "usage_property_rollups_feature_pk_fkey" FOREIGN KEY ("feature_pk") REFERENCES "features"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Queries over a whole environment (no customer_id): events.list newest first, and the rollups
-- by feature and hour.
CREATE INDEX "usage_events_env_created_at_id_idx" ON "usage_events"("env", "created_at" DESC, "id" DESC);
CREATE INDEX "usage_rollups_env_feature_pk_hour_idx" ON "usage_rollups"("env", "feature_pk", "hour");
CREATE INDEX "usage_property_rollups_env_feature_pk_hour_idx" ON "usage_property_rollups"("env", "feature_pk", "hour");

-- The events recorded before this migration, rolled up once (the key as the track statement
-- computes it).
INSERT INTO "usage_property_rollups" ("customer_id", "feature_pk", "env", "hour", "group_key", "entity_id", "properties", "value", "count")
SELECT "customer_id", "feature_pk", "env", date_trunc('hour', "created_at", 'UTC'),
       md5(coalesce("entity_id", '') || '|' || "properties"::text)::uuid, "entity_id", "properties", sum("value"), count(*)
  FROM "usage_events"
 GROUP BY 1, 2, 3, 4, 5, 6, 7;
