// The hot path of check and track: ONE SQL statement (one round trip, its own transaction) that
// resolves the customer and the features, locks the customer's grant rows for those features,
// decides, spreads the usage over the grants, updates them, records the usage event and the
// idempotency record, and returns the balance after the change.
//
// Why it is exact under concurrency: `locked` takes FOR UPDATE row locks on every grant row of
// (customer, feature), ordered by id (the order every writer uses, so no deadlock). A concurrent
// call for the same balance waits on the first row lock until the holder commits; PostgreSQL then
// hands it the latest committed version of each row (READ COMMITTED re-check), so every decision
// is taken on the balance as the previous call left it. The UPDATE adds its delta to the row
// version it locked (`usage = g.usage + a.delta`). The lock is held only for the statement and
// its commit; no application round trip happens while it is held.
//
// Idempotency: the record is inserted by the same statement (ON CONFLICT DO NOTHING on the unique
// (env, scope, key)), and the usage is only applied when that insert happened. Of N concurrent
// calls with one key exactly one inserts; the others see the conflict once it has committed,
// apply nothing, and replay the stored answer.
//
// What the statement does not do, it reports: a plan start/end or a balance reset that is due
// (`transitions_due`, `reset_due`) leaves everything untouched, the caller applies it (rare: once
// per period) and runs the statement again.
import "server-only";
import { pool } from "@/lib/db";
import type pg from "pg";
import { runWriteStatement } from "@/lib/request-transaction";
import type { Env } from "@/lib/generated/prisma";
import type { ApiBalance, ApiFlag } from "@/lib/entitlements/types";

export type UsageMode = "read" | "consume" | "track";

export type UsageStatementInput = {
  env: Env;
  /** As the caller addressed the customer: the external id first, else the internal id. */
  customerId: string;
  featureIds: string[];
  /** One pre-generated usage event id per feature (same order). */
  eventIds: string[];
  mode: UsageMode;
  now: Date;
  /** check: the balance that must remain. */
  requiredBalance: number;
  /** The usage to record (check with send_event: the required balance; track: the value). */
  value: number;
  idempotency?: { key: string; recordId: string; requestHash: string } | null;
  eventName?: string | null;
  /** Stored on the usage event (track's and check's `properties`). */
  properties?: Record<string, unknown> | null;
  /** When the usage happened (track's `timestamp`); default `now`. */
  eventTime?: Date | null;
  /** check/track with `entity_id`: a per-entity feature's balance is this entity's own. */
  entityId?: string | null;
};

export type UsageStatementRow = {
  customer_pk: string | null;
  customer_api_id: string | null;
  found_features: string[];
  boolean_features: string[];
  transitions_due: boolean;
  reset_due: boolean;
  ready: boolean;
  sufficient: boolean;
  apply: boolean;
  previous: { request_hash: string; response: unknown } | null;
  response: Record<string, unknown> | null;
  balance: ApiBalance | null;
  flag: ApiFlag | null;
  /** consume/track: the usage was applied and recorded by this statement. */
  applied: boolean;
  /** track with a key: another call holds the key (replay its answer). */
  idempotency_taken: boolean;
  /** With an entity id: the entity's internal id, null when the customer has no such live entity. */
  entity_pk: string | null;
  /** consume/track with an entity id: per-entity grants the entity has no usage row for yet (see ENTITY_SQL_NOTE). */
  entity_rows_missing: string[];
};

/** The balance JSON, from per-feature sums: the contract's Balance (remaining floors at 0). */
const BALANCE_JSON = `jsonb_build_object(
           'feature_id', t.feature_id, 'granted', t.granted, 'remaining', greatest(t.granted - t.usage, 0),
           'usage', t.usage, 'unlimited', t.unlimited, 'overage_allowed', t.overage_allowed, 'max_purchase', null,
           'next_reset_at', (extract(epoch from t.next_reset_at) * 1000)::bigint)`;

// Entities (check/track with `entity_id`). A grant copied from a per-entity plan item
// (entity_feature_pk set) gives each live entity of that feature `granted` of its own; the entity's
// usage of it lives in entity_balances (one row per grant and entity). With an entity id, such a
// grant's source is the entity's share (its usage row, locked after the grant rows, so it too is
// read as the previous call left it) and the usage goes on that row; grants that are not
// per-entity stay the customer's shared balance. Without an entity id (no extra work unless the
// customer has per-entity grants), the customer's total: granted × live entities, the grant's own
// usage plus every live entity's.
//
// ENTITY_SQL_NOTE: a usage row that does not exist yet cannot be locked, and two calls that both
// miss it would both decide on zero usage. So a write that finds the entity without its row
// reports the grants (`entity_rows_missing`), changes nothing, and the caller creates the rows
// (ON CONFLICT DO NOTHING) and runs the statement again: once per entity and grant, ever.

/** The entity id's parameter: the last one of each statement (the write statement has four more). */
const entityParam = (write: boolean) => (write ? "$15" : "$11");

const ENTITY_CTES = (write: boolean) => {
  const E = entityParam(write);
  return `
locked_entity as materialized (
  select eb.grant_id, eb.entity_id,
         case when eb.period_start is not distinct from l.last_reset_at then eb.usage else 0 end::float8 as usage
    from locked_grants l
    join entity_balances eb on eb.grant_id = l.id
    join entities e on e.id = eb.entity_id and e.deleted_at is null
   where l.entity_feature_pk is not null
     and (${E}::text is null or eb.entity_id = (select id from ent))
   order by eb.grant_id, eb.entity_id
   ${write ? "for update of eb" : ""}
),
entity_rows_missing as (
  select coalesce(array_agg(l.id order by l.id), '{}') as grant_ids
    from locked_grants l
   where ${E}::text is not null and l.entity_feature_pk is not null
     and not exists (select 1 from locked_entity x where x.grant_id = l.id)
),
locked as (
  select l.id, l.feature_pk, l.unlimited, l.overage_allowed, l.next_reset_at, l.is_add_on, l.last_reset_at,
         (l.entity_feature_pk is not null and ${E}::text is not null) as on_entity,
         case when l.entity_feature_pk is null or ${E}::text is not null then l.granted
              else l.granted * (select count(*) from entities e
                                 where e.customer_id = (select id from cust) and e.feature_pk = l.entity_feature_pk and e.deleted_at is null)
         end::float8 as granted,
         case when l.entity_feature_pk is null then l.usage
              else (case when ${E}::text is null then l.usage else 0 end)
                   + coalesce((select sum(x.usage) from locked_entity x where x.grant_id = l.id), 0)
         end::float8 as usage
    from locked_grants l
),`;
};

function buildStatement(write: boolean): string {
  const E = entityParam(write);
  return `
with
cust as materialized (
  select x.id, x.api_id from (
    (select c.id, coalesce(c.external_id, c.id) as api_id, 0 as preference from customers c where c.env = $1::"Env" and c.external_id = $2::text)
    union all
    (select c.id, coalesce(c.external_id, c.id) as api_id, 1 as preference from customers c where c.env = $1::"Env" and c.id = $2::text)
  ) x
  order by x.preference
  limit 1
),
feat as materialized (
  select f.id as pk, f.feature_id, f.type::text as type, r.event_id, r.ord
    from unnest($3::text[], $4::text[]) with ordinality as r(feature_id, event_id, ord)
    join features f on f.env = $1::"Env" and f.feature_id = r.feature_id
),
prev as (
  select request_hash, response from idempotency_records
   where $9::text is not null and env = $1::"Env" and scope = 'track' and key = $9::text
),
due as (
  select exists (
    select 1 from customer_plans cp
     where cp.customer_id = (select id from cust)
       and ((cp.status = 'scheduled' and cp.starts_at <= $6::timestamptz) or (cp.status = 'active' and cp.ends_at <= $6::timestamptz))
  ) as transitions_due
),
ent as materialized (
  select e.id, e.feature_pk from entities e
   where ${E}::text is not null and e.customer_id = (select id from cust) and e.external_id = ${E}::text and e.deleted_at is null
),
gate as (
  select exists (select 1 from cust)
     and (${E}::text is null or exists (select 1 from ent))
     and (select count(*) from feat) = cardinality($3::text[])
     and not (select transitions_due from due)
     and not exists (select 1 from prev)
     and ($5::text <> 'track' or not exists (select 1 from feat where type = 'boolean')) as open
),
locked_grants as materialized (
  -- A balance granted on its own (balances.create) has no plan and counts like an add-on's.
  select g.id, g.feature_pk, g.granted, g.usage, g.unlimited, g.overage_allowed, g.next_reset_at, coalesce(p.is_add_on, true) as is_add_on,
         g.entity_feature_pk, g.last_reset_at
    from grants g
    left join customer_plans cp on cp.id = g.customer_plan_id
    left join plans p on p.id = cp.plan_pk
   where g.customer_id = (select id from cust)
     and g.feature_pk in (select pk from feat where type <> 'boolean')
     and g.active
     and (g.expires_at is null or g.expires_at > $6::timestamptz)
     -- With an entity: a per-entity grant counts only for entities of its entity feature.
     and (g.entity_feature_pk is null or ${E}::text is null or g.entity_feature_pk = (select feature_pk from ent))
     and (select open from gate)
   order by g.id
   ${write ? "for update of g" : ""}
),${ENTITY_CTES(write)}
totals as (
  select f.pk, count(l.id) as n,
         coalesce(sum(l.granted), 0)::float8 as granted,
         coalesce(sum(l.usage), 0)::float8 as usage,
         coalesce(bool_or(l.unlimited), false) as unlimited,
         coalesce(bool_or(l.overage_allowed), false) as overage_allowed,
         coalesce(bool_or(l.next_reset_at <= $6::timestamptz), false) as reset_due
    from feat f left join locked l on l.feature_pk = f.pk
   where f.type <> 'boolean'
   group by f.pk
),
verdict as (
  select d.ready, d.reset_due, d.sufficient,
         d.ready and ($5::text = 'track' or ($5::text = 'consume' and d.sufficient)) as apply
    from (
      select (select open from gate) and not coalesce(bool_or(t.reset_due), false)
             and ($5::text = 'read' or (select cardinality(grant_ids) = 0 from entity_rows_missing)) as ready,
             coalesce(bool_or(t.reset_due), false) as reset_due,
             coalesce(bool_and(t.n > 0 and (t.unlimited or t.overage_allowed or greatest(t.granted - t.usage, 0) >= $7::float8)), false) as sufficient
        from totals t
    ) d
),
-- Which grant takes the usage: an unlimited grant takes it all; otherwise the grant that resets
-- soonest first (what is not used before its reset is lost), non-resetting grants last, each up
-- to what it has left. What exceeds every grant is recorded on the plan's own grant (not an
-- add-on's). Usage given back (negative value) leaves the grants in the reverse order.
ranked as (
  select l.*,
         row_number() over (partition by l.feature_pk order by l.unlimited desc, l.next_reset_at asc nulls last, l.id) as rn,
         greatest(l.granted - l.usage, 0) as room
    from locked l
),
cum as (
  select r.*,
         coalesce(sum(r.room) over (partition by r.feature_pk order by r.rn rows between unbounded preceding and 1 preceding), 0) as room_before,
         sum(r.room) over (partition by r.feature_pk) as room_total,
         coalesce(sum(greatest(r.usage, 0)) over (partition by r.feature_pk order by r.rn desc rows between unbounded preceding and 1 preceding), 0) as usage_after,
         bool_or(r.unlimited) over (partition by r.feature_pk) as any_unlimited,
         first_value(r.id) over (partition by r.feature_pk order by r.is_add_on, r.rn) as overflow_id
    from ranked r
),
alloc as (
  select c.id, c.feature_pk, c.granted, c.usage, c.unlimited, c.overage_allowed, c.next_reset_at,
         case
           when not (select apply from verdict) then 0::float8
           when $8::float8 >= 0 then
             case when c.any_unlimited then (case when c.rn = 1 then $8::float8 else 0::float8 end)
                  else least(c.room, greatest($8::float8 - c.room_before, 0))
                       + (case when c.id = c.overflow_id then greatest($8::float8 - c.room_total, 0) else 0::float8 end)
             end
           else -least(greatest(c.usage, 0), greatest(-$8::float8 - c.usage_after, 0))
         end as delta
    from cum c
),
after_totals as (
  select f.feature_id, f.ord, count(a.id) as n,
         coalesce(sum(a.granted), 0)::float8 as granted,
         coalesce(sum(a.usage + a.delta), 0)::float8 as usage,
         coalesce(bool_or(a.unlimited), false) as unlimited,
         coalesce(bool_or(a.overage_allowed), false) as overage_allowed,
         min(a.next_reset_at) as next_reset_at
    from feat f left join alloc a on a.feature_pk = f.pk
   where f.type <> 'boolean'
   group by f.feature_id, f.ord
),
balances as (
  select t.feature_id, t.ord, case when t.n = 0 then null else ${BALANCE_JSON} end as balance
    from after_totals t
),
flag as (
  select jsonb_build_object('id', g.id, 'plan_id', p.plan_id, 'expires_at', (extract(epoch from coalesce(cp.ends_at, g.expires_at)) * 1000)::bigint, 'feature_id', f.feature_id) as flag
    from feat f
    join grants g on g.feature_pk = f.pk and g.customer_id = (select id from cust) and g.active
                 and (g.expires_at is null or g.expires_at > $6::timestamptz)
    left join customer_plans cp on cp.id = g.customer_plan_id
    left join plans p on p.id = cp.plan_pk
   where f.type = 'boolean' and (select ready from verdict)
   order by coalesce(cp.ends_at, g.expires_at) desc nulls first, g.id
   limit 1
),
response as (
  select jsonb_build_object(
           'customer_id', (select api_id from cust),
           'value', $8::float8,
           'balance', case when (select count(*) from balances) = 1 then (select balance from balances) end)
         || case when $10::text is null then '{}'::jsonb
                 else jsonb_build_object('event_name', $10::text,
                                         'balances', coalesce((select jsonb_object_agg(feature_id, balance) from balances), '{}'::jsonb)) end
         || case when ${E}::text is null then '{}'::jsonb else jsonb_build_object('entity_id', ${E}::text) end as body
)${
    write
      ? `,
idem as (
  insert into idempotency_records (id, env, scope, key, request_hash, status, response, created_at)
  select $11::text, $1::"Env", 'track', $9::text, $12::text, 200, (select body from response), $6::timestamptz
   where $9::text is not null and (select apply from verdict)
  on conflict (env, scope, key) do nothing
  returning id
),
proceed as (
  select (select apply from verdict) and ($9::text is null or exists (select 1 from idem)) as ok
),
upd as (
  update grants g set usage = g.usage + a.delta, updated_at = $6::timestamptz
    from alloc a
   where g.id = a.id and a.delta <> 0 and (select ok from proceed)
     and a.id not in (select id from locked where on_entity)
  returning g.id
),
upd_entity as (
  update entity_balances eb
     set usage = (case when eb.period_start is not distinct from l.last_reset_at then eb.usage else 0 end) + a.delta,
         period_start = l.last_reset_at, updated_at = $6::timestamptz
    from alloc a join locked l on l.id = a.id
   where eb.grant_id = a.id and eb.entity_id = (select id from ent) and l.on_entity and a.delta <> 0 and (select ok from proceed)
  returning eb.grant_id
),
events as (
  insert into usage_events (id, env, customer_id, feature_pk, value, event_name, idempotency_key, properties, created_at, entity_id)
  select f.event_id, $1::"Env", (select id from cust), f.pk, $8::float8, $10::text, $9::text, $13::jsonb, $14::timestamptz, (select id from ent)
    from feat f
   where f.type <> 'boolean' and (select ok from proceed)
  returning id
),
-- The hour's total for events.aggregate and the usage chart (see usage_rollups in the migration).
-- Concurrent calls for one balance already wait on its grant rows; for the same row they would
-- serialize here, on the upsert.
rollup as (
  insert into usage_rollups (customer_id, feature_pk, env, hour, value, count)
  select (select id from cust), f.pk, $1::"Env", date_trunc('hour', $14::timestamptz, 'UTC'), $8::float8, 1
    from feat f
   where f.type <> 'boolean' and (select ok from proceed)
   order by f.pk
  on conflict (customer_id, feature_pk, hour) do update set value = usage_rollups.value + excluded.value, count = usage_rollups.count + 1
  returning 1
),
-- The same hour per event shape (entity and properties): events.aggregate grouped or filtered by
-- a property, an entity or the customer reads these rows (see usage_property_rollups in the
-- migration, which computes group_key the same way for the events before it).
property_rollup as (
  insert into usage_property_rollups (customer_id, feature_pk, env, hour, group_key, entity_id, properties, value, count)
  select (select id from cust), f.pk, $1::"Env", date_trunc('hour', $14::timestamptz, 'UTC'),
         md5(coalesce((select id from ent), '') || '|' || $13::jsonb::text)::uuid, (select id from ent), $13::jsonb, $8::float8, 1
    from feat f
   where f.type <> 'boolean' and (select ok from proceed)
   order by f.pk
  on conflict (customer_id, feature_pk, hour, group_key) do update set value = usage_property_rollups.value + excluded.value, count = usage_property_rollups.count + 1
  returning 1
)`
      : ""
  }
select (select id from cust) as customer_pk,
       (select api_id from cust) as customer_api_id,
       coalesce((select array_agg(feature_id order by ord) from feat), '{}') as found_features,
       coalesce((select array_agg(feature_id order by ord) from feat where type = 'boolean'), '{}') as boolean_features,
       (select transitions_due from due) as transitions_due,
       v.reset_due, v.ready, v.sufficient, v.apply,
       (select jsonb_build_object('request_hash', request_hash, 'response', response) from prev) as previous,
       (select body from response) as response,
       (select balance from balances order by ord limit 1) as balance,
       (select flag from flag) as flag,
       ${write ? "(select ok from proceed)" : "false"} as applied,
       ${write ? "($9::text is not null and v.apply and not exists (select 1 from idem))" : "false"} as idempotency_taken,
       (select id from ent) as entity_pk,
       (select grant_ids from entity_rows_missing) as entity_rows_missing
  from verdict v`;
}

const READ_STATEMENT = buildStatement(false);
const WRITE_STATEMENT = buildStatement(true);

/**
 * Runs the statement once (see the top of this file). It is a named prepared statement: each
 * pooled connection plans it once and then reuses the plan, which cuts its cost by about four
 * (planning this CTE costs more than executing it).
 */
export async function runUsageStatement(input: UsageStatementInput): Promise<UsageStatementRow> {
  const read = input.mode === "read";
  // A write joins the request's transaction when it has one (an Idempotency-Key: its answer commits with it).
  const run = (client: Pick<pg.Pool, "query">) => usageQuery(client, input, read);
  const { rows } = await (read ? run(pool()) : runWriteStatement(run));
  return rows[0]!;
}

function usageQuery(client: Pick<pg.Pool, "query">, input: UsageStatementInput, read: boolean) {
  return client.query<UsageStatementRow>({ name: read ? "equinox_usage_read" : "equinox_usage_write", text: read ? READ_STATEMENT : WRITE_STATEMENT, values: [
    input.env,
    input.customerId,
    input.featureIds,
    input.eventIds,
    input.mode,
    input.now,
    input.requiredBalance,
    input.value,
    input.idempotency?.key ?? null,
    input.eventName ?? null,
    // Only the writing statement stores idempotency records ($11, $12) and events ($13, $14).
    ...(read
      ? []
      : [input.idempotency?.recordId ?? null, input.idempotency?.requestHash ?? null, JSON.stringify(input.properties ?? {}), input.eventTime ?? input.now]),
    // Always the last parameter (entityParam).
    input.entityId ?? null,
  ] });
}
