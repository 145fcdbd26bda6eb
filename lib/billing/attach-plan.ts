// Attach lives with billing: it enables a free plan through the plans area, and sells a paid one
// through Stripe Checkout (the plans area never calls Stripe).
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { planArchivedForAttach } from "./errors";
import { findCustomerByRef } from "@/lib/customers/customer-queries";
import { apiCustomerId } from "@/lib/entitlements/api-customer-id";
import { attachSchema, type AttachInput } from "@/lib/plans/schemas";
import { loadPlan } from "@/lib/plans/load-plan";
import { enablePlanInTx } from "@/lib/plans/enable-plan";
import { isPaidPrice, type PlanView } from "@/lib/plans/plan-view";
import { startPlanCheckout } from "./start-plan-checkout";

export type AttachResult = { customer_id: string; payment_url: string | null };

/**
 * The API's attach. A plan that needs no payment is enabled at once (payment_url: null), through
 * the same function as the dashboard. A paid plan is bought through Stripe Checkout: the answer's
 * payment_url is the Checkout page, and the plan becomes active when the checkout completes (the
 * Stripe webhook). A customer who already has the paid plan (e.g. enabled by sales) gets a no-op.
 */
export async function attachPlan(ctx: Ctx, input: AttachInput, options: { now?: Date } = {}): Promise<AttachResult> {
  authorize(ctx, "customers:write");
  const data = attachSchema.parse(input);
  const now = options.now ?? new Date();
  let checkout: { customerId: string; plan: PlanView } | undefined;
  const result = await db().$transaction(
    async (tx) => {
      const customer = await findCustomerByRef(tx, ctx.env, data.customer_id);
      if (!customer) throw customerNotFound(data.customer_id);
      const plan = await loadPlan(tx, ctx.env, data.plan_id);
      if (plan.archived) throw planArchivedForAttach(plan.id);
      if (isPaidPrice(plan.price)) {
        const existing = await tx.customerPlan.findFirst({ where: { customerId: customer.id, planPk: plan.pk, status: "active" } });
        if (!existing) checkout = { customerId: customer.id, plan }; // Checkout, after this transaction
        return { customer_id: apiCustomerId(customer), payment_url: null };
      }
      await enablePlanInTx(tx, ctx, { customerId: customer.id, plan, options: {}, now });
      return { customer_id: apiCustomerId(customer), payment_url: null };
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
  // Stripe is called outside the transaction: no row lock waits on the network.
  if (checkout) return { ...result, payment_url: (await startPlanCheckout(ctx, { ...checkout, successUrl: data.success_url })).url };
  return result;
}
