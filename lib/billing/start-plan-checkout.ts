// A paid plan is bought through Stripe Checkout: attach answers the Checkout URL (payment_url),
// and the plan becomes active when the checkout completes (the checkout.session.completed
// webhook). A recurring price makes a subscription; a one-off price a single payment. An attach
// with negotiated terms sells exactly them: the line item at the custom price and quantity, the
// discount (Checkout takes one), the free trial in the subscription; the terms ride in the
// session's (and subscription's) metadata so the completion enables the plan with them.
import "server-only";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { planNeedsNoCheckout, stripeSessionWithoutUrl } from "./errors";
import type { PlanView } from "@/lib/plans/plan-view";
import type { PriceInterval } from "@/lib/generated/prisma";
import { withStripeCustomer } from "./ensure-stripe-customer";
import { stripeFor } from "./stripe-client";
import { callStripe } from "./stripe-errors";
import { DomainError } from "@/lib/errors";
import { checkoutMetadata, type CheckoutTerms } from "./checkout-metadata";
import { stripeRecurring } from "./stripe-recurring";
import { planCheckoutSessionParams } from "./checkout-session-params";


export type PlanCheckout = { url: string; sessionId: string };

/** What an attach sells beyond the plan's list price (billing.attach's planning decided it). */
export type CheckoutSale = {
  /** Price of one unit in minor units (the custom price, or the list price). */
  unitAmount: number;
  currency: string;
  interval: PriceInterval;
  quantity: number;
  /** When the free trial ends, or null. */
  trialEndsAt: Date | null;
  /** Stripe's `discounts` entries, already checked by resolveDiscounts. */
  discounts: ({ coupon: string } | { promotion_code: string })[];
  /** Carried to the completion webhook. */
  terms: CheckoutTerms;
};

const DAY_MS = 86_400_000;

/** Stripe Checkout's trial is in whole days (trial_period_days, 1 to 730). */
function trialDays(trialEndsAt: Date, now: Date): number {
  return Math.min(730, Math.max(1, Math.round((trialEndsAt.getTime() - now.getTime()) / DAY_MS)));
}

/** Creates the Checkout Session for `plan` (its current version's price, or what `sale` says) and returns its URL. */
export async function startPlanCheckout(
  ctx: Ctx,
  input: { customerId: string; plan: PlanView; successUrl?: string; sale?: CheckoutSale; now?: Date },
): Promise<PlanCheckout> {
  const { plan, sale } = input;
  const price = plan.price;
  const unitAmount = sale?.unitAmount ?? price?.amount ?? 0;
  const currency = sale?.currency ?? price?.currency;
  const interval = sale?.interval ?? price?.interval;
  if (!currency || !interval || unitAmount <= 0) throw planNeedsNoCheckout(plan.id);
  const recurring = stripeRecurring(interval);
  if (sale && sale.discounts.length > 1) {
    throw new DomainError("not_supported", "Stripe Checkout applies one discount per session: pass one discount, or bill the plan by invoice (invoice_mode: { enabled: true })", { field: "discounts" });
  }
  if (sale?.trialEndsAt && !recurring) {
    throw new DomainError("not_supported", `plan ${plan.id} is a one-off purchase: a free trial needs a recurring price`, { field: "free_trial" });
  }
  const metadata = checkoutMetadata({ env: ctx.env, customerId: input.customerId, purpose: "plan", planId: plan.id, planVersionId: plan.versionId, terms: sale?.terms });
  const successUrl = input.successUrl ?? env().APP_URL;

  const params = planCheckoutSessionParams({
    line: { planId: plan.id, planName: plan.name, unitAmount, currency, interval, quantity: sale?.quantity ?? 1 },
    customerId: input.customerId,
    successUrl,
    metadata,
    discounts: sale?.discounts,
    trialPeriodDays: sale?.trialEndsAt ? trialDays(sale.trialEndsAt, input.now ?? new Date()) : null,
  });
  const session = await withStripeCustomer(ctx, input.customerId, (customer) =>
    callStripe(ctx.env, "start the checkout", () => stripeFor(ctx.env).checkout.sessions.create({ ...params, customer: customer.stripeId })),
  );
  if (!session.url) throw stripeSessionWithoutUrl("checkout");
  return { url: session.url, sessionId: session.id };
}
