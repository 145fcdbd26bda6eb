// The floor's customer SQL: the reads and writes Equinox's get-or-create performs (the same
// tables, rows, locks and transaction), written by hand as plain statements. Where Equinox loads
// a row with its relations, the floor joins them in the one statement a person would write.
import type pg from "pg";
import { periodAt } from "../../lib/plans/reset-schedule";

export type CustomerRow = {
  id: string;
  env: "sandbox" | "live";
  external_id: string | null;
  name: string | null;
  email: string | null;
  fingerprint: string | null;
  stripe_id: string | null;
  metadata: Record<string, unknown>;
  send_email_receipts: boolean;
  created_at: Date;
};

const COLUMNS = `c.id, c.env, c.external_id, c.name, c.email, c.fingerprint, c.stripe_id, c.metadata, c.send_email_receipts, c.created_at`;

export const SELECT_BY_EXTERNAL_ID = `select ${COLUMNS} from customers c where c.env = $1::"Env" and c.external_id = $2`;
export const SELECT_PENDING_BY_EMAIL = `select ${COLUMNS} from customers c where c.env = $1::"Env" and c.external_id is null and c.email_normalized = $2`;
export const LOCK_BY_EXTERNAL_ID = `${SELECT_BY_EXTERNAL_ID} for update`;
export const LOCK_PENDING_BY_EMAIL = `${SELECT_PENDING_BY_EMAIL} for update`;

export const INSERT_CUSTOMER = `
  insert into customers as c (id, env, external_id, name, email, email_normalized, fingerprint, stripe_id, metadata,
                              send_email_receipts, updated_at, created_by_kind, created_by_id, created_by_label)
  values ($1, $2::"Env", $3, $4, $5, $6, $7, $8, $9::jsonb, $10, now(), 'api_key', $11, $12)
  on conflict (env, external_id) do nothing
  returning ${COLUMNS}`;

export const CLAIM_CUSTOMER = `
  update customers c set external_id = $2, name = coalesce(c.name, $3), claimed_at = now(), claimed_by_kind = 'api_key',
                         claimed_by_id = $4, claimed_by_label = $5, updated_at = now()
   where c.id = $1
  returning ${COLUMNS}`;

export const DEFAULT_PLANS = `
  select p.id, p.plan_id, pv.id as version_id, pi.feature_pk, pi.included, pi.unlimited, pi.reset_interval, pi.overage_allowed
    from plans p
    join plan_versions pv on pv.plan_pk = p.id and pv.version = p.current_version
    left join plan_items pi on pi.plan_version_id = pv.id
   where p.env = $1::"Env" and p.is_default and p.archived_at is null
   order by p.id`;

export const INSERT_AUDIT = `
  insert into audit_events (id, env, actor_kind, actor_id, actor_label, action, target_type, target_id, customer_id, target, before, after, request_id)
  values ($1, $2::"Env", 'api_key', $3, $4, $5, 'customer', $6, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10)`;

const PLANS = `
  select cp.id, cp.customer_id, cp.status, cp.starts_at, cp.ends_at, cp.canceled_at, cp.custom_price_amount, cp.custom_currency,
         cp.is_custom, cp.quantity, cp.past_due, cp.current_period_start, cp.current_period_end, cp.trial_ends_at,
         p.plan_id, p.is_default, p.is_add_on, pv.price_amount, pv.currency, pv.price_interval
    from customer_plans cp
    join plans p on p.id = cp.plan_pk
    join plan_versions pv on pv.id = cp.plan_version_id
   where cp.env = $1::"Env" and cp.customer_id = any($2::text[]) and cp.status in ('active', 'scheduled')
   order by cp.starts_at, cp.id`;

const GRANTS = `
  select g.id, g.customer_id, g.granted, g.unlimited, g.overage_allowed, g.usage, g.reset_interval, g.next_reset_at,
         f.feature_id, f.type, cp.ends_at, p.plan_id
    from grants g
    join features f on f.id = g.feature_pk
    join customer_plans cp on cp.id = g.customer_plan_id
    join plans p on p.id = cp.plan_pk
   where g.env = $1::"Env" and g.customer_id = any($2::text[]) and g.active
   order by g.id`;

const ms = (date: Date | null) => (date ? date.getTime() : null);

/**
 * The API customer object: the row plus subscriptions, purchases, balances and flags, read with
 * two joined reads (concurrently and prepared, as Equinox does), which also show whether anything
 * is due. A customer with something due is not expected here: the bench keeps every plan current.
 */
export async function shapeCustomer(pool: pg.Pool, row: CustomerRow, now = new Date()) {
  const ids = [row.id];
  const [plans, grants] = await Promise.all([
    pool.query({ name: "floor_customer_plans", text: PLANS, values: [row.env, ids] }),
    pool.query({ name: "floor_customer_grants", text: GRANTS, values: [row.env, ids] }),
  ]);
  const at = now.getTime();
  const due =
    plans.rows.some((cp) => (cp.status === "scheduled" && cp.starts_at.getTime() <= at) || (cp.status === "active" && cp.ends_at !== null && cp.ends_at.getTime() <= at)) ||
    grants.rows.some((g) => g.next_reset_at !== null && g.next_reset_at.getTime() <= at);
  if (due) throw new Error(`floor: customer ${row.id} has changes due; the floor does not apply them`);

  const subscriptions: unknown[] = [];
  const purchases: unknown[] = [];
  for (const cp of plans.rows) {
    const base = cp.price_amount === null ? null : { amount: cp.price_amount, currency: cp.currency, interval: cp.price_interval ?? "month" };
    const price = cp.custom_price_amount === null ? base : { amount: cp.custom_price_amount, currency: cp.custom_currency ?? base?.currency ?? "usd", interval: base?.interval ?? "month" };
    if (cp.price_interval === "one_off") {
      purchases.push({ plan_id: cp.plan_id, expires_at: ms(cp.ends_at), started_at: cp.starts_at.getTime(), quantity: cp.quantity, price, custom: cp.is_custom });
      continue;
    }
    const period =
      cp.current_period_start && cp.current_period_end
        ? { start: cp.current_period_start as Date, end: cp.current_period_end as Date }
        : cp.status === "active" && cp.price_interval && price && price.amount > 0
          ? periodAt(cp.starts_at, cp.price_interval, now)
          : null;
    subscriptions.push({
      id: cp.id,
      plan_id: cp.plan_id,
      auto_enable: cp.is_default,
      add_on: cp.is_add_on,
      status: cp.status === "scheduled" ? "scheduled" : "active",
      past_due: cp.past_due,
      canceled_at: ms(cp.canceled_at),
      expires_at: ms(cp.ends_at),
      trial_ends_at: ms(cp.trial_ends_at),
      started_at: cp.starts_at.getTime(),
      current_period_start: period ? period.start.getTime() : null,
      current_period_end: period ? period.end.getTime() : null,
      quantity: cp.quantity,
      price,
      custom: cp.is_custom,
    });
  }

  const balances: Record<string, unknown> = {};
  const flags: Record<string, unknown> = {};
  const byFeature = new Map<string, { type: string; grants: typeof grants.rows }>();
  for (const grant of grants.rows) {
    const entry = byFeature.get(grant.feature_id) ?? { type: grant.type as string, grants: [] as typeof grants.rows };
    entry.grants.push(grant);
    byFeature.set(grant.feature_id, entry);
  }
  for (const [featureId, { type, grants: list }] of byFeature) {
    if (type === "boolean") {
      const best = list[0];
      flags[featureId] = { id: best.id, plan_id: best.plan_id, expires_at: ms(best.ends_at), feature_id: featureId };
      continue;
    }
    const granted = list.reduce((total, g) => total + g.granted, 0);
    const usage = list.reduce((total, g) => total + g.usage, 0);
    const resets = list.map((g) => g.next_reset_at?.getTime()).filter((t): t is number => t !== undefined);
    balances[featureId] = {
      feature_id: featureId,
      granted,
      remaining: Math.max(granted - usage, 0),
      usage,
      unlimited: list.some((g) => g.unlimited),
      overage_allowed: list.some((g) => g.overage_allowed),
      max_purchase: null,
      next_reset_at: resets.length ? Math.min(...resets) : null,
      breakdown: list.map((g) => ({
        id: g.id,
        plan_id: g.plan_id,
        included_grant: g.granted,
        prepaid_grant: 0,
        remaining: Math.max(g.granted - g.usage, 0),
        usage: g.usage,
        unlimited: g.unlimited,
        reset: g.reset_interval === "none" ? null : { interval: g.reset_interval, resets_at: ms(g.next_reset_at) },
        price: null,
        expires_at: ms(g.ends_at),
      })),
    };
  }

  return {
    id: row.external_id,
    name: row.name,
    email: row.email,
    created_at: row.created_at.getTime(),
    fingerprint: row.fingerprint,
    stripe_id: row.stripe_id,
    env: row.env,
    metadata: row.metadata ?? {},
    send_email_receipts: row.send_email_receipts,
    billing_controls: {},
    subscriptions,
    purchases,
    licenses: [],
    balances,
    flags,
  };
}
