// A paid plan is bought through Stripe Checkout: attach answers the Checkout URL (payment_url),
// and the plan becomes active when the checkout completes (the checkout.session.completed
// webhook). A recurring price makes a subscription; a one-off price a single payment.
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { planNeedsNoCheckout, stripeSessionWithoutUrl } from "./errors";
import type { PlanView } from "@/lib/plans/plan-view";
import { withStripeCustomer } from "./ensure-stripe-customer";
import { stripeFor } from "./stripe-client";
import { callStripe } from "./stripe-errors";
import { checkoutMetadata } from "./checkout-metadata";

const RECURRING: Record<string, Stripe.Checkout.SessionCreateParams.LineItem.PriceData.Recurring> = {
  month: { interval: "month", interval_count: 1 },
  quarter: { interval: "month", interval_count: 3 },
  year: { interval: "year", interval_count: 1 },
};

export type PlanCheckout = { url: string; sessionId: string };

/** Creates the Checkout Session for `plan` (its current version's price) and returns its URL. */
export async function startPlanCheckout(ctx: Ctx, input: { customerId: string; plan: PlanView; successUrl?: string }): Promise<PlanCheckout> {
  const { plan } = input;
  const price = plan.price;
  if (!price || price.amount <= 0) throw planNeedsNoCheckout(plan.id);
  const recurring = price.interval === "one_off" ? undefined : RECURRING[price.interval];
  const metadata = checkoutMetadata({ env: ctx.env, customerId: input.customerId, purpose: "plan", planId: plan.id, planVersionId: plan.versionId });
  const successUrl = input.successUrl ?? env().APP_URL;

  const params: Omit<Stripe.Checkout.SessionCreateParams, "customer"> = {
    mode: recurring ? "subscription" : "payment",
    client_reference_id: input.customerId,
    success_url: successUrl,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: price.currency,
          unit_amount: price.amount,
          product_data: { name: plan.name, metadata: { equinox_plan_id: plan.id } },
          ...(recurring ? { recurring } : {}),
        },
      },
    ],
    metadata,
    ...(recurring ? { subscription_data: { metadata } } : { payment_intent_data: { metadata } }),
  };
  const session = await withStripeCustomer(ctx, input.customerId, (customer) =>
    callStripe(ctx.env, "start the checkout", () => stripeFor(ctx.env).checkout.sessions.create({ ...params, customer: customer.stripeId })),
  );
  if (!session.url) throw stripeSessionWithoutUrl("checkout");
  return { url: session.url, sessionId: session.id };
}
