// A paid checkout completed: the plan it paid for becomes active, through the entitlements'
// one implementation of enabling a plan (replacing the plans of its group, carrying usage over),
// with the Stripe subscription's id and billing period kept on the customer plan, and the terms
// the checkout sold (custom price, quantity, feature grants, ends_at, discounts: its metadata).
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { customerExists } from "@/lib/customers/customer-queries";
import { enablePlanInTx } from "@/lib/plans/enable-plan";
import { currentVersionInclude, toPlanView, type PlanView } from "@/lib/plans/plan-view";
import type { Prisma } from "@/lib/generated/prisma";
import type { PlanTarget } from "../checkout-metadata";
import { subscriptionFields } from "./subscription-fields";

/** The plan version the customer paid for (the plan's current one if that version is gone). */
async function loadPaidPlan(tx: Tx, ctx: Ctx, planId: string, planVersionId: string | undefined): Promise<PlanView | null> {
  const itemsInclude = { items: { include: { feature: true }, orderBy: { id: "asc" as const } } };
  const plan = await tx.plan.findUnique({
    where: { env_planId: { env: ctx.env, planId } },
    include: planVersionId ? { versions: { where: { id: planVersionId }, include: itemsInclude } } : currentVersionInclude,
  });
  if (!plan) return null;
  if (plan.versions.length === 0) {
    const current = await tx.plan.findUniqueOrThrow({ where: { id: plan.id }, include: currentVersionInclude });
    return toPlanView(current);
  }
  return toPlanView(plan);
}

export async function activatePaidPlan(
  tx: Tx,
  ctx: Ctx,
  target: PlanTarget,
  subscription: Stripe.Subscription | null,
): Promise<void> {
  // Deleted since the checkout started: nothing to activate.
  if (!(await customerExists(tx, ctx.env, target.customerId))) return;
  const loaded = await loadPaidPlan(tx, ctx, target.planId, target.planVersionId);
  if (!loaded) {
    console.error(`[stripe webhook] paid plan ${target.planId} of customer ${target.customerId} no longer exists; not activated`);
    return;
  }
  // Archived after the checkout began: the customer paid for it all the same.
  const plan: PlanView = { ...loaded, archived: false };
  const now = new Date();
  const terms = target.terms ?? {};
  // An end date that passed before the customer paid cannot be enabled (and a webhook must not
  // fail for ever over it): the plan is activated without it, and the omission is logged.
  const endsAt = terms.endsAt && terms.endsAt.getTime() > now.getTime() ? terms.endsAt : null;
  if (terms.endsAt && !endsAt) console.error(`[stripe webhook] plan ${target.planId} of customer ${target.customerId} was paid after its ends_at ${terms.endsAt.toISOString()}; activated without an end date`);
  const overrides = terms.overrides && Object.keys(terms.overrides).length > 0 ? terms.overrides : undefined;
  const { customerPlan } = await enablePlanInTx(tx, ctx, {
    customerId: target.customerId,
    plan,
    options: { customPriceAmount: terms.customPriceAmount ?? null, overrides, endsAt },
    now,
  });
  const sold: Prisma.CustomerPlanUncheckedUpdateInput = {
    ...(terms.quantity !== undefined && terms.quantity !== 1 ? { quantity: terms.quantity } : {}),
    ...(terms.discounts && terms.discounts.length > 0 ? { discounts: terms.discounts as Prisma.InputJsonValue } : {}),
    // ends_at sold through Checkout is a contract that ends then (the contracts runner ends it and
    // its subscription); marked so the subscription's own events keep the date.
    ...(endsAt ? { onContractEnd: "end" } : {}),
  };
  if (subscription && (customerPlan.stripeSubscriptionId === null || customerPlan.stripeSubscriptionId === subscription.id)) {
    const fields = subscriptionFields(subscription);
    await tx.customerPlan.update({
      where: { id: customerPlan.id },
      data: { ...sold, stripeSubscriptionId: subscription.id, ...fields, billingMode: "checkout", billingState: fields.pastDue ? "past_due" : "active" },
    });
  } else if (Object.keys(sold).length > 0) {
    await tx.customerPlan.update({ where: { id: customerPlan.id }, data: sold });
  }
}
