// The portal's pay button for a plan billed by card: a Checkout Session for THAT customer plan
// (its negotiated or list price), whose completion links the subscription to it (the webhook
// reads equinox_customer_plan_id from the metadata) instead of enabling a new plan.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import { withStripeCustomer } from "../ensure-stripe-customer";
import { findBillingCustomer } from "../billing-customer";
import { stripeFor } from "../stripe-client";
import { callStripe } from "../stripe-errors";
import { stripeSessionWithoutUrl } from "../errors";
import { customerPlanMetadata } from "./start-billing";
import { planCheckoutSessionParams } from "../checkout-session-params";


export const customerPlanNotFound = (id: string) => new DomainError("not_found", `Customer plan ${id} not found`);

/** Checkout's URL for paying a card-billed plan; the customer themself (portal) or staff. */
export async function startCardPayment(ctx: Ctx, customerPlanId: string, options: { successUrl?: string } = {}): Promise<{ url: string; sessionId: string }> {
  // Staff and API keys need customers:write; the customer's own portal user is checked below.
  if (ctx.actor.kind !== "end_customer") authorize(ctx, "customers:write");
  const cp = await db().customerPlan.findFirst({ where: { id: customerPlanId, env: ctx.env }, include: { plan: true, planVersion: true, customer: true } });
  if (!cp) throw customerPlanNotFound(customerPlanId);
  // Authorizes (customers:write, or the customer's own portal user); someone else's plan is not found.
  await findBillingCustomer(ctx, cp.customer.externalId ?? cp.customer.id).catch(() => {
    throw customerPlanNotFound(customerPlanId);
  });
  if (cp.billingMode !== "card" || (cp.billingState !== "awaiting_payment" && cp.billingState !== "past_due") || cp.stripeSubscriptionId) {
    throw new DomainError("invalid_request", `Customer plan ${customerPlanId} has no card payment to make`);
  }
  if (cp.status !== "active" && cp.status !== "scheduled") throw new DomainError("invalid_request", `Customer plan ${customerPlanId} has ended`);
  const price = effectivePrice(cp, cp.planVersion);
  if (!price || price.amount <= 0) throw new DomainError("invalid_request", `Customer plan ${customerPlanId} is free: it needs no payment`);
  const metadata = customerPlanMetadata({ env: ctx.env, customerId: cp.customerId, customerPlanId: cp.id, planId: cp.plan.planId, planVersionId: cp.planVersionId });
  const params = planCheckoutSessionParams({
    line: { planId: cp.plan.planId, planName: cp.plan.name, unitAmount: price.amount, currency: price.currency, interval: price.interval, quantity: cp.quantity },
    customerId: cp.customerId,
    successUrl: options.successUrl ?? new URL("/portal", env().APP_URL).toString(),
    metadata,
  });
  const amount = price.amount * cp.quantity;
  const session = await withStripeCustomer(ctx, cp.customerId, (customer) =>
    // Pay now in a second tab (or pressed twice) continues the open Checkout for this plan at these
    // terms instead of opening a second one that could be paid too. Two presses at the same moment
    // would each find none open and each create one, so the look-up and the creation run one
    // caller at a time per customer plan, under its row lock (any app process: the lock is
    // Postgres's); the second caller then finds the first one's session. (An idempotency key would
    // not do: a key answers its first session for 24 hours, also once that session is paid or
    // expired, and Stripe refuses the same key with other parameters, e.g. another success URL.)
    db().$transaction(
      async (tx) => {
        await tx.$queryRaw`select id from customer_plans where id = ${cp.id} for no key update`;
        const open = await callStripe(ctx.env, "find the open checkout", () =>
          stripeFor(ctx.env).checkout.sessions.list({ customer: customer.stripeId, status: "open", limit: 100 }),
        );
        const reusable = open.data.find(
          (s) =>
            s.metadata?.equinox_customer_plan_id === cp.id &&
            s.amount_total === amount &&
            s.currency === price.currency &&
            s.success_url === params.success_url &&
            s.url,
        );
        if (reusable) return reusable;
        return callStripe(ctx.env, "start the checkout", () => stripeFor(ctx.env).checkout.sessions.create({ ...params, customer: customer.stripeId }));
      },
      { maxWait: 15_000, timeout: 30_000 },
    ),
  );
  if (!session.url) throw stripeSessionWithoutUrl("checkout");
  return { url: session.url, sessionId: session.id };
}
