// What a billing change is computed from: the customer, its running plans with their effective
// price (negotiated or the version's), quantity and current period. Read from Equinox's own
// tables: previews never need Stripe.
import "server-only";
import type { CustomerPlan, Plan, PlanVersion, Customer, Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { customerByRef, type KnownCustomerArg } from "@/lib/customers/customer-queries";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import { isPaidPrice, type PlanView } from "@/lib/plans/plan-view";
import { periodContaining, type CurrentPlan, type PricedPlan } from "./proration";

export type RunningPlan = CustomerPlan & { plan: Plan; planVersion: PlanVersion };

export type BillingContext = { customer: Customer; plans: RunningPlan[] };

/**
 * The customer (by the API's reference) and its active and scheduled plans, oldest first.
 * `known`: the customer as the caller already read it (the customer page), not read again;
 * `allPlans`: every plan row of that customer as the caller already read them (the customer
 * page's plan list), from which the running ones are taken instead of being read again.
 */
export async function loadBillingContext(
  client: Db | Tx,
  env: Env,
  customerRef: string,
  known?: KnownCustomerArg,
  allPlans?: RunningPlan[] | Promise<RunningPlan[]>,
): Promise<BillingContext> {
  const customer = await customerByRef(client, env, customerRef, known);
  if (!customer) throw customerNotFound(customerRef);
  const given = await allPlans;
  if (given && given.every((cp) => cp.customerId === customer.id && cp.env === env)) {
    const running = given.filter((cp) => cp.status === "active" || cp.status === "scheduled");
    return { customer, plans: running.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
  }
  const plans = await client.customerPlan.findMany({
    where: { customerId: customer.id, env, status: { in: ["active", "scheduled"] } },
    include: { plan: true, planVersion: true },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
  return { customer, plans };
}

/** The running plan an attach of `plan` replaces: the same plan, or an active plan of its group (add-ons replace nothing). */
export function outgoingPlanFor(plans: RunningPlan[], plan: Pick<PlanView, "pk" | "group" | "isAddOn">): RunningPlan | null {
  if (plan.isAddOn) return plans.find((cp) => cp.status === "active" && cp.planPk === plan.pk) ?? null;
  return (
    plans.find((cp) => cp.status === "active" && cp.planPk === plan.pk) ??
    (plan.group === null ? null : (plans.find((cp) => cp.status === "active" && !cp.plan.isAddOn && cp.plan.group === plan.group) ?? null))
  );
}

/** A running plan as money: its effective unit price, quantity and the period containing `now`. */
export function currentPlanOf(cp: RunningPlan, now: Date): CurrentPlan {
  const price = effectivePrice(cp, cp.planVersion);
  const interval = price?.interval ?? "month";
  const stored = cp.currentPeriodStart && cp.currentPeriodEnd && cp.currentPeriodEnd.getTime() > now.getTime() ? { start: cp.currentPeriodStart, end: cp.currentPeriodEnd } : null;
  return {
    planId: cp.plan.planId,
    name: cp.plan.name,
    unitAmount: price?.amount ?? 0,
    quantity: cp.quantity,
    currency: price?.currency ?? "usd",
    interval,
    // Stripe's period when Stripe bills it; else the plan's own periods from its start.
    period: stored ?? periodContaining(cp.currentPeriodStart ?? cp.startsAt, interval, now),
  };
}

/** Whether the running plan is billed by a Stripe subscription Equinox can change. */
export const stripeBilled = (cp: Pick<CustomerPlan, "stripeSubscriptionId">): cp is CustomerPlan & { stripeSubscriptionId: string } => cp.stripeSubscriptionId !== null;

/** Monthly amount, to tell an upgrade from a downgrade across intervals. */
export function monthlyAmount(plan: PricedPlan): number {
  const months = { one_off: null, month: 1, quarter: 3, year: 12 }[plan.interval];
  const total = plan.unitAmount * plan.quantity;
  return months === null ? total : total / months;
}

export const isPaid = (plan: PricedPlan) => isPaidPrice({ amount: plan.unitAmount * plan.quantity, currency: plan.currency, interval: plan.interval });
