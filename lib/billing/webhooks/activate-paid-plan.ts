// A paid checkout completed: the plan it paid for becomes active, through the entitlements'
// one implementation of enabling a plan (replacing the plans of its group, carrying usage over),
// with the Stripe subscription's id and billing period kept on the customer plan.
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { customerExists } from "@/lib/customers/customer-queries";
import { enablePlanInTx } from "@/lib/plans/enable-plan";
import { currentVersionInclude, toPlanView, type PlanView } from "@/lib/plans/plan-view";
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
  target: { customerId: string; planId: string; planVersionId?: string },
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
  const { customerPlan } = await enablePlanInTx(tx, ctx, { customerId: target.customerId, plan, options: {}, now });
  if (subscription && (customerPlan.stripeSubscriptionId === null || customerPlan.stripeSubscriptionId === subscription.id)) {
    const fields = subscriptionFields(subscription);
    await tx.customerPlan.update({
      where: { id: customerPlan.id },
      data: { stripeSubscriptionId: subscription.id, ...fields, billingMode: "checkout", billingState: fields.pastDue ? "past_due" : "active" },
    });
  }
}
