// The one builder of a plan's Stripe Checkout Session parameters, for both ways a plan is bought
// by card: billing.attach's Checkout (start-plan-checkout.ts) and the portal's pay button for a
// card-billed customer plan (lifecycle/start-card-payment.ts). A recurring price makes a
// subscription, a one-off price a single payment; the metadata rides on the session and on the
// subscription (or payment intent) so every completion webhook finds what was bought.
import "server-only";
import type Stripe from "stripe";
import type { PriceInterval } from "@/lib/generated/prisma";
import { stripeRecurring } from "./stripe-recurring";

export type PlanCheckoutLine = {
  /** The plan's public id and name, as the Stripe product shows them. */
  planId: string;
  planName: string;
  /** Price of one unit in minor units. */
  unitAmount: number;
  currency: string;
  interval: PriceInterval;
  quantity: number;
};

export type PlanCheckoutParams = {
  line: PlanCheckoutLine;
  /** The Equinox customer id (client_reference_id). */
  customerId: string;
  successUrl: string;
  metadata: Record<string, string>;
  /** Stripe's `discounts` entries (Checkout takes one). */
  discounts?: ({ coupon: string } | { promotion_code: string })[];
  /** A free trial in whole days (recurring prices only). */
  trialPeriodDays?: number | null;
};

/** The session's parameters without `customer` (the caller adds the linked Stripe customer). */
export function planCheckoutSessionParams(input: PlanCheckoutParams): Omit<Stripe.Checkout.SessionCreateParams, "customer"> {
  const { line, metadata } = input;
  const recurring = stripeRecurring(line.interval);
  const trial = recurring && input.trialPeriodDays ? { trial_period_days: input.trialPeriodDays } : {};
  return {
    mode: recurring ? "subscription" : "payment",
    client_reference_id: input.customerId,
    success_url: input.successUrl,
    line_items: [
      {
        quantity: line.quantity,
        price_data: {
          currency: line.currency,
          unit_amount: line.unitAmount,
          product_data: { name: line.planName, metadata: { equinox_plan_id: line.planId } },
          ...(recurring ? { recurring } : {}),
        },
      },
    ],
    metadata,
    ...(input.discounts && input.discounts.length > 0 ? { discounts: input.discounts } : {}),
    ...(recurring ? { subscription_data: { metadata, ...trial } } : { payment_intent_data: { metadata } }),
  };
}
