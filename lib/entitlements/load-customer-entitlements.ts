// Loads the subscriptions, purchases, balances and flags of customers, for the customer object.
import "server-only";
import type { Env, FeatureType } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { periodAt } from "@/lib/balances/reset-schedule";
import { balanceFromGrants, flagFromGrants, type GrantWithSource } from "@/lib/balances/balance-from-grants";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import { applyDueChanges, applyDueChangesInTx, findDueCustomers, nothingDue } from "./apply-due-changes";
import { emptyEntitlements, type CustomerEntitlements } from "./types";

const isTransaction = (client: Db | Tx): client is Tx => !("$transaction" in client);

/**
 * Entitlements of each customer (by internal id), applying due resets, starts and expiries first.
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

  const due = await findDueCustomers(client, env, customerIds, now);
  if (!nothingDue(due)) {
    if (isTransaction(client)) await applyDueChangesInTx(client, env, customerIds, now, due);
    else await applyDueChanges(env, customerIds, now, due);
  }

  const [plans, grants] = await Promise.all([
    client.customerPlan.findMany({
      where: { env, customerId: { in: customerIds }, status: { in: ["active", "scheduled"] } },
      include: { plan: true, planVersion: true },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    }),
    client.grant.findMany({
      where: { env, customerId: { in: customerIds }, active: true },
      include: { feature: true, customerPlan: { select: { endsAt: true, plan: { select: { planId: true } } } } },
      orderBy: { id: "asc" },
    }),
  ]);

  for (const cp of plans) {
    const entitlements = result.get(cp.customerId)!;
    const price = effectivePrice(cp, cp.planVersion);
    const startedAt = cp.startsAt.getTime();
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
    const key = `${grant.customerId}\u0000${grant.feature.featureId}`;
    let entry = byCustomerFeature.get(key);
    if (!entry) {
      entry = { customerId: grant.customerId, featureId: grant.feature.featureId, type: grant.feature.type, grants: [] };
      byCustomerFeature.set(key, entry);
    }
    entry.grants.push({ ...grant, planId: grant.customerPlan.plan.planId, endsAt: grant.customerPlan.endsAt });
  }
  for (const { customerId, featureId, type, grants: featureGrants } of byCustomerFeature.values()) {
    const entitlements = result.get(customerId)!;
    if (type === "boolean") entitlements.flags[featureId] = flagFromGrants(featureId, featureGrants);
    else entitlements.balances[featureId] = balanceFromGrants(featureId, featureGrants);
  }
  return result;
}
