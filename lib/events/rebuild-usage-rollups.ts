// The hourly rollups (usage_rollups, usage_property_rollups) recomputed from the raw usage events,
// for code that writes usage_events without the track statement (lib/balances/usage-statement.ts):
// the demo and benchmark seeds, which insert events in bulk. Without their rollups, the customer
// page's usage chart and events.aggregate would not see those events at all.
//
// The formula is the migrations' backfill (20261202030000_balances_events for usage_rollups,
// 20261203010000_rollup_properties for usage_property_rollups), which is also what the track
// statement adds up one event at a time: one row per customer, feature and UTC hour, and one per
// event shape in that hour, keyed by md5(entity id | canonical jsonb text of the properties).
// The rollups of the customers in scope are replaced in one statement, so the call can be repeated. Sums are PostgreSQL's sum() over the hour's events: for values that are
// not exact in binary (0.1) the last bits can differ from the track statement's running total.
import "server-only";
import type pg from "pg";
import type { Env } from "@/lib/generated/prisma";

/** A pg client or pool, or a Prisma client or transaction (the statement joins it). */
export type RollupClient = Pick<pg.ClientBase, "query"> | { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> };

export type RebuildUsageRollupsScope = {
  env: Env;
  /** Internal customer ids; omitted: every customer of the environment. */
  customerPks?: string[];
};

export type RebuildUsageRollupsResult = { rollups: number; propertyRollups: number };

/** The rows of the scope: $1 the environment, $2 the customers (null: all of it). */
const inScope = (table: string) => `${table}.env = $1::"Env" and ($2::text[] is null or ${table}.customer_id = any($2::text[]))`;

// One statement, so atomic without a transaction of its own. Its parts touch disjoint rows,
// which matters because a statement's data-modifying CTEs run in no defined order: the upserts
// write the rows the events make (replacing their value and count), the deletes remove only the
// rows of the scope the events no longer make. Rows are inserted in hour order, as tracking
// writes them, so that a range of hours reads neighbouring pages.
const REBUILD = `
with
fresh as materialized (
  select customer_id, feature_pk, env, date_trunc('hour', created_at, 'UTC') as hour, sum(value)::float8 as value, count(*)::int as count
    from usage_events e
   where ${inScope("e")}
   group by 1, 2, 3, 4
),
fresh_shapes as materialized (
  select customer_id, feature_pk, env, date_trunc('hour', created_at, 'UTC') as hour,
         md5(coalesce(entity_id, '') || '|' || properties::text)::uuid as group_key, entity_id, properties,
         sum(value)::float8 as value, count(*)::int as count
    from usage_events e
   where ${inScope("e")}
   group by 1, 2, 3, 4, 5, 6, 7
),
rollups as (
  insert into usage_rollups (customer_id, feature_pk, env, hour, value, count)
  select customer_id, feature_pk, env, hour, value, count from fresh order by hour, customer_id, feature_pk
  on conflict (customer_id, feature_pk, hour) do update set value = excluded.value, count = excluded.count
  returning 1
),
shapes as (
  insert into usage_property_rollups (customer_id, feature_pk, env, hour, group_key, entity_id, properties, value, count)
  select customer_id, feature_pk, env, hour, group_key, entity_id, properties, value, count from fresh_shapes
   order by hour, customer_id, feature_pk, group_key
  on conflict (customer_id, feature_pk, hour, group_key) do update set value = excluded.value, count = excluded.count
  returning 1
),
stale as (
  delete from usage_rollups r
   where ${inScope("r")}
     and not exists (select 1 from fresh f where f.customer_id = r.customer_id and f.feature_pk = r.feature_pk and f.hour = r.hour)
  returning 1
),
stale_shapes as (
  delete from usage_property_rollups r
   where ${inScope("r")}
     and not exists (select 1 from fresh_shapes f
                      where f.customer_id = r.customer_id and f.feature_pk = r.feature_pk and f.hour = r.hour and f.group_key = r.group_key)
  returning 1
)
select (select count(*) from rollups)::int as rollups, (select count(*) from shapes)::int as property_rollups,
       (select count(*) from stale)::int as stale, (select count(*) from stale_shapes)::int as stale_shapes`;

type Counts = { rollups: number; property_rollups: number; stale: number; stale_shapes: number };

/**
 * Recomputes both hourly rollup tables from usage_events for the given customers of `env` (every
 * customer of it without `customerPks`), replacing what they held. No authorization: it is for
 * seeds and maintenance scripts, and it only makes the rollups agree with events already stored.
 */
export async function rebuildUsageRollups(client: RollupClient, scope: RebuildUsageRollupsScope): Promise<RebuildUsageRollupsResult> {
  if (scope.customerPks && scope.customerPks.length === 0) return { rollups: 0, propertyRollups: 0 };
  const values = [scope.env, scope.customerPks ?? null];
  const counts =
    "$queryRawUnsafe" in client ? (await client.$queryRawUnsafe<Counts[]>(REBUILD, ...values))[0]! : (await client.query<Counts>(REBUILD, values)).rows[0]!;
  return { rollups: counts.rollups, propertyRollups: counts.property_rollups };
}
