// Loads the subscriptions, purchases, balances and flags of customers, for the customer object.
import "server-only";
import { Prisma, type CustomerPlan, type Env, type FeatureType, type Plan, type PlanVersion } from "@/lib/generated/prisma";
import { selectRows } from "@/lib/db-rows";
import type { Db, Tx } from "@/lib/db";
import { periodAt } from "@/lib/plans/reset-schedule";
import { balanceFromGrants, flagFromGrants, type GrantWithSource } from "./balance-from-grants";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import { applyDueChanges, applyDueChangesInTx, dueFromRows, nothingDue } from "@/lib/plans/apply-due-changes";
import { emptyEntitlements, type CustomerEntitlements } from "./types";
import { displayStartsAt } from "@/lib/billing/lifecycle/awaiting-payment-start";

const isTransaction = (client: Db | Tx): client is Tx => !("$transaction" in client);

/**
 * Entitlements of each customer (by internal id), with due resets, starts and expiries applied.
 * Every id in `customerIds` is present in the result.
 */
export async function loadCustomerEntitlements(
  client: Db | Tx,
  env: Env,
  customerIds: string[],
  now: Date = new Date(),
): Promise<Map<string, CustomerEntitlements>> {
  const result = new Map(customerIds.map((id) => [id, emptyEntitlements()]));
  if (customerIds.length === 0) return result;

  const read = () => Promise.all([selectPlans(client, env, customerIds), selectGrants(client, env, customerIds, now)]);
  let [plans, grants] = await read();
  // What is due (a plan's start or end, a balance reset) shows in these rows; in the rare case
  // that something is, it is applied and the rows are read again.
  const due = dueFromRows(plans, grants, now);
  if (!nothingDue(due)) {
    if (isTransaction(client)) await applyDueChangesInTx(client, env, customerIds, now, due);
    else await applyDueChanges(env, customerIds, now, due);
    [plans, grants] = await read();
  }

  for (const cp of plans) {
    const entitlements = result.get(cp.customerId)!;
    const price = effectivePrice(cp, cp.planVersion);
    // A plan waiting for its first payment answers when its billing starts, never the 9999 placeholder.
    const startedAt = displayStartsAt(cp).getTime();
    const expiresAt = cp.endsAt?.getTime() ?? null;
    if (cp.planVersion.priceInterval === "one_off") {
      entitlements.purchases.push({ plan_id: cp.plan.planId, expires_at: expiresAt, started_at: startedAt, quantity: cp.quantity, price, custom: cp.isCustom });
      continue;
    }
    const interval = cp.planVersion.priceInterval;
    // A billing period is stored once Stripe bills the plan; without Stripe it follows the start date.
    const period =
      cp.currentPeriodStart && cp.currentPeriodEnd
        ? { start: cp.currentPeriodStart, end: cp.currentPeriodEnd }
        : cp.status === "active" && interval && price && price.amount > 0
          ? periodAt(cp.startsAt, interval, now)
          : null;
    entitlements.subscriptions.push({
      id: cp.id,
      plan_id: cp.plan.planId,
      auto_enable: cp.plan.isDefault,
      add_on: cp.plan.isAddOn,
      status: cp.status === "scheduled" ? "scheduled" : "active",
      past_due: cp.pastDue,
      canceled_at: cp.canceledAt?.getTime() ?? null,
      expires_at: expiresAt,
      trial_ends_at: cp.trialEndsAt?.getTime() ?? null,
      started_at: startedAt,
      current_period_start: period?.start.getTime() ?? null,
      current_period_end: period?.end.getTime() ?? null,
      quantity: cp.quantity,
      price,
      custom: cp.isCustom,
    });
  }

  const byCustomerFeature = new Map<string, { customerId: string; featureId: string; type: FeatureType; grants: GrantWithSource[] }>();
  for (const grant of grants) {
    const key = `${grant.customerId}\u0000${grant.featureId}`;
    let entry = byCustomerFeature.get(key);
    if (!entry) {
      entry = { customerId: grant.customerId, featureId: grant.featureId, type: grant.featureType, grants: [] };
      byCustomerFeature.set(key, entry);
    }
    entry.grants.push(grant);
  }
  for (const { customerId, featureId, type, grants: featureGrants } of byCustomerFeature.values()) {
    const entitlements = result.get(customerId)!;
    if (type === "boolean") entitlements.flags[featureId] = flagFromGrants(featureId, featureGrants);
    else entitlements.balances[featureId] = balanceFromGrants(featureId, featureGrants);
  }
  return result;
}

// The two reads behind the customer object, as one joined statement each (Prisma's `include` sent
// one statement per relation, seven in all), through selectRows (no ORM work outside a
// transaction). On get-or-create, which every sign-in calls, this was most of the request's cost:
// see "Performance" in README.md.

type PlanRow = Pick<
  CustomerPlan,
  | "id" | "customerId" | "status" | "startsAt" | "endsAt" | "canceledAt" | "customPriceAmount" | "customCurrency" | "isCustom"
  | "quantity" | "pastDue" | "currentPeriodStart" | "currentPeriodEnd" | "trialEndsAt" | "termStartsAt" | "createdAt"
> & { plan: Pick<Plan, "planId" | "isDefault" | "isAddOn">; planVersion: Pick<PlanVersion, "priceAmount" | "currency" | "priceInterval"> };

async function selectPlans(client: Db | Tx, env: Env, customerIds: string[]): Promise<PlanRow[]> {
  type Row = Omit<PlanRow, "plan" | "planVersion"> & PlanRow["plan"] & PlanRow["planVersion"] & Partial<Pick<PlanRow, "plan" | "planVersion">>;
  const rows = await selectRows<Row>(client, Prisma.sql`
    select cp.id, cp.customer_id as "customerId", cp.status::text as status, cp.starts_at as "startsAt", cp.ends_at as "endsAt",
           cp.canceled_at as "canceledAt", cp.custom_price_amount as "customPriceAmount", cp.custom_currency as "customCurrency",
           cp.is_custom as "isCustom", cp.quantity, cp.past_due as "pastDue", cp.current_period_start as "currentPeriodStart",
           cp.current_period_end as "currentPeriodEnd", cp.trial_ends_at as "trialEndsAt",
           cp.term_starts_at as "termStartsAt", cp.created_at as "createdAt",
           p.plan_id as "planId", p.is_default as "isDefault", p.is_add_on as "isAddOn",
           pv.price_amount as "priceAmount", pv.currency, pv.price_interval::text as "priceInterval"
      from customer_plans cp
      join plans p on p.id = cp.plan_pk
      join plan_versions pv on pv.id = cp.plan_version_id
     where cp.env = ${env}::"Env" and cp.customer_id = any(${customerIds}::text[]) and cp.status in ('active', 'scheduled')
     order by cp.starts_at, cp.id`);
  // Each row gets its plan and version as the nested objects the callers read, in place: copying a
  // row of twenty columns into a new object per row (twice per grant) was a large part of
  // get-or-create's own CPU (CPU profile of the API bench, issue 16).
  for (const row of rows) {
    row.plan = { planId: row.planId, isDefault: row.isDefault, isAddOn: row.isAddOn };
    row.planVersion = { priceAmount: row.priceAmount, currency: row.currency, priceInterval: row.priceInterval };
  }
  return rows as PlanRow[];
}

// A balance granted on its own (balances.create) has no plan: its plan id is null and it ends when it
// expires. A row is the GrantWithSource balanceFromGrants reads, as the statement returns it.
type GrantRow = GrantWithSource & { featureId: string; featureType: FeatureType };

async function selectGrants(client: Db | Tx, env: Env, customerIds: string[], now: Date): Promise<GrantRow[]> {
  return selectRows<GrantRow>(client, Prisma.sql`
    select g.id, g.env::text as env, g.customer_id as "customerId", g.customer_plan_id as "customerPlanId", g.feature_pk as "featurePk",
           -- A per-entity grant (entities): granted to each live entity of its feature, used by each.
           case when g.entity_feature_pk is null then g.granted
                else (g.granted * (select count(*) from entities e
                                    where e.customer_id = g.customer_id and e.feature_pk = g.entity_feature_pk and e.deleted_at is null))::float8
           end as granted,
           case when g.entity_feature_pk is null then g.usage
                else g.usage + coalesce((select sum(eb.usage) from entity_balances eb join entities e on e.id = eb.entity_id and e.deleted_at is null
                                          where eb.grant_id = g.id and eb.period_start is not distinct from g.last_reset_at), 0)::float8
           end as usage,
           g.unlimited, g.overage_allowed as "overageAllowed", g.reset_interval::text as "resetInterval",
           g.last_reset_at as "lastResetAt", g.next_reset_at as "nextResetAt", g.reset_anchor as "resetAnchor", g.active,
           g.created_at as "createdAt", g.updated_at as "updatedAt", g.balance_id as "balanceId", g.expires_at as "expiresAt",
           f.feature_id as "featureId", f.type::text as "featureType", coalesce(cp.ends_at, g.expires_at) as "endsAt", p.plan_id as "planId"
      from grants g
      join features f on f.id = g.feature_pk
      left join customer_plans cp on cp.id = g.customer_plan_id
      left join plans p on p.id = cp.plan_pk
     where g.env = ${env}::"Env" and g.customer_id = any(${customerIds}::text[]) and g.active
       and (g.expires_at is null or g.expires_at > ${now})
     order by g.id`);
}
