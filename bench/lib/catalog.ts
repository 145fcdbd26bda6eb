// The catalog every benchmark part shares, written straight into the database (set-based SQL, no
// ORM): three features and three plans in the sandbox environment, plus an API key. None of the
// plans is a default plan, so creating a customer enables nothing (both the floor and Equinox
// still look for default plans).
import pg from "pg";
import { generateSecretKey, hashSecretKey, displayPrefix } from "../../lib/api-keys/secret";

export const ENV = "sandbox";

/** Crockford base32, lower case: what `newId` (a lower-cased ULID) uses. */
const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/** SQL: the milliseconds since the epoch of a timestamp (what a ULID's time part encodes). */
export const msSql = (timestampSql: string) => `(extract(epoch from ${timestampSql}) * 1000)::bigint`;

/**
 * A SQL expression for a ULID-shaped id: 10 characters of the millisecond time (so ids sort by
 * creation time, as newId's do) and 16 of md5(seed) (hex digits are valid Crockford characters).
 * `msColumn` should be a column computed once per row (msSql in a subquery fenced with OFFSET 0):
 * evaluated ten times per row, the conversion costs more than the rest of the insert.
 */
export function ulidSql(msColumn: string, seedSql: string): string {
  const chars = Array.from({ length: 10 }, (_, k) => `substr('${CROCKFORD}', ((${msColumn} >> ${45 - 5 * k}) & 31)::int + 1, 1)`);
  return `(${chars.join(" || ")} || substr(md5(${seedSql}), 1, 16))`;
}

export type Catalog = {
  apiKey: string;
  apiKeyId: string;
  features: { messages: string; seats: string; sso: string };
  plans: Record<"free" | "pro" | "enterprise", { pk: string; versionId: string }>;
};

export async function seedCatalog(client: pg.ClientBase): Promise<Catalog> {
  const apiKey = generateSecretKey(ENV);
  const apiKeyId = "key_bench0000000000000000000001";
  await client.query(`insert into api_keys (id, env, name, prefix, hash) values ($1, $2, 'bench', $3, $4) on conflict (id) do nothing`, [
    apiKeyId,
    ENV,
    displayPrefix(apiKey),
    hashSecretKey(apiKey),
  ]);
  const features = { messages: "fea_bench_messages", seats: "fea_bench_seats", sso: "fea_bench_sso" };
  await client.query(
    `insert into features (id, env, feature_id, name, type, event_names, updated_at) values
       ($1, $4, 'messages', 'Messages', 'single_use', array['message_sent'], now()),
       ($2, $4, 'seats', 'Seats', 'continuous_use', array[]::text[], now()),
       ($3, $4, 'sso', 'Single sign-on', 'boolean', array[]::text[], now())
     on conflict do nothing`,
    [features.messages, features.seats, features.sso, ENV],
  );
  const plans = {
    free: { pk: "pln_bench_free", versionId: "plv_bench_free_1" },
    pro: { pk: "pln_bench_pro", versionId: "plv_bench_pro_1" },
    enterprise: { pk: "pln_bench_enterprise", versionId: "plv_bench_enterprise_1" },
  };
  await client.query(
    `insert into plans (id, env, plan_id, name, "group", updated_at) values
       ($1, $4, 'free', 'Free', 'main', now()), ($2, $4, 'pro', 'Pro', 'main', now()), ($3, $4, 'enterprise', 'Enterprise', 'main', now())
     on conflict do nothing`,
    [plans.free.pk, plans.pro.pk, plans.enterprise.pk, ENV],
  );
  await client.query(
    `insert into plan_versions (id, plan_pk, version, price_amount, currency, price_interval) values
       ($1, $2, 1, null, 'usd', null), ($3, $4, 1, 2900, 'usd', 'month'), ($5, $6, 1, 49900, 'usd', 'month')
     on conflict do nothing`,
    [plans.free.versionId, plans.free.pk, plans.pro.versionId, plans.pro.pk, plans.enterprise.versionId, plans.enterprise.pk],
  );
  await client.query(
    `insert into plan_items (id, plan_version_id, feature_pk, included, unlimited, reset_interval, overage_allowed) values
       ('pit_bench_free_messages', $1, $4, 100, false, 'month', false),
       ('pit_bench_pro_messages', $2, $4, 10000, false, 'month', false),
       ('pit_bench_pro_seats', $2, $5, 5, false, 'none', false),
       ('pit_bench_pro_sso', $2, $6, 0, false, 'none', false),
       ('pit_bench_ent_messages', $3, $4, 1000000000, false, 'month', false),
       ('pit_bench_ent_seats', $3, $5, 100, false, 'none', false),
       ('pit_bench_ent_sso', $3, $6, 0, false, 'none', false)
     on conflict do nothing`,
    [plans.free.versionId, plans.pro.versionId, plans.enterprise.versionId, features.messages, features.seats, features.sso],
  );
  return { apiKey, apiKeyId, features, plans };
}

/**
 * Enables plans for many customers at once, as enabling a plan would leave them: an active
 * customer plan and one grant per plan item, monthly grants resetting a whole number of months
 * after the plan's start (the next reset in the future). `customersSql` selects the customers
 * (columns id, env, started, version_id); `label` marks the rows, so that the grants are made for
 * exactly these plans.
 */
export async function enablePlans(client: pg.ClientBase, customersSql: string, label: string, params: unknown[] = []): Promise<number> {
  const inserted = await client.query(
    `insert into customer_plans (id, env, customer_id, plan_pk, plan_version_id, status, starts_at, enabled_by_kind, enabled_by_label, created_at, updated_at)
     select 'cpl_' || ${ulidSql("c.ms", "'cpl' || c.id")}, c.env, c.id, pv.plan_pk, pv.id, 'active', c.started, 'system', '${label}', c.started, c.started
       from (select x.*, ${msSql("x.started")} as ms from (${customersSql}) x offset 0) c
       join plan_versions pv on pv.id = c.version_id`,
    params,
  );
  await client.query(
    `insert into grants (id, env, customer_id, customer_plan_id, feature_pk, granted, unlimited, overage_allowed, usage, reset_interval,
                         last_reset_at, next_reset_at, reset_anchor, active, created_at, updated_at)
     select 'grt_' || ${ulidSql("x.ms", "'grt' || x.cp_id || x.item_id")}, x.env, x.customer_id, x.cp_id, x.feature_pk, x.included, x.unlimited,
            x.overage_allowed, 0, x.reset_interval,
            case when x.reset_interval = 'month' then x.starts_at + (x.months * interval '1 month') end,
            case when x.reset_interval = 'month' then x.starts_at + ((x.months + 1) * interval '1 month') end,
            case when x.reset_interval = 'month' then x.starts_at end,
            true, x.starts_at, x.starts_at
       from (
         select cp.id as cp_id, pi.id as item_id, cp.env, cp.customer_id, cp.starts_at, ${msSql("cp.starts_at")} as ms, pi.feature_pk, pi.included,
                pi.unlimited, pi.overage_allowed, pi.reset_interval,
                (extract(year from age(now(), cp.starts_at)) * 12 + extract(month from age(now(), cp.starts_at)))::int as months
           from customer_plans cp
           join plan_items pi on pi.plan_version_id = cp.plan_version_id
          where cp.enabled_by_label = '${label}'
         offset 0
       ) x`,
  );
  return inserted.rowCount ?? 0;
}

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then builds them again: several
 * times faster than maintaining them row by row (the customers' trigram index above all).
 */
export async function withoutSecondaryIndexes<T>(client: pg.ClientBase, tables: string[], load: () => Promise<T>): Promise<{ result: T; indexes: number; rebuildSeconds: number }> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = current_schema() and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [tables],
  );
  for (const index of rows) await client.query(`drop index ${index.indexname}`);
  const result = await load();
  const started = Date.now();
  await client.query("set maintenance_work_mem = '256MB'");
  for (const index of rows) await client.query(index.indexdef);
  return { result, indexes: rows.length, rebuildSeconds: (Date.now() - started) / 1000 };
}
