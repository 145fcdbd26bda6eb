// The changes billing.update and billing.attach make to a customer plan's Stripe subscription,
// through the Stripe SDK: the plan (its price) with or without proration, the quantity, and
// cancel at period end (and back). Stripe stays the source of truth for money: it computes the
// prorations and the invoices; its webhooks move the plan's billing state (helper B's handlers).
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { PriceInterval } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe, isStripeResourceMissing, toStripeDomainError } from "@/lib/billing/stripe-errors";
import { stripeRecurring } from "@/lib/billing/stripe-recurring";
import { ITEM_PLAN_KEY } from "@/lib/billing/lifecycle/start-billing";


/** Autumn's proration_behavior as Stripe's: prorate_immediately invoices the difference now. */
export const stripeProration = (prorate: boolean): Stripe.SubscriptionUpdateParams.ProrationBehavior => (prorate ? "always_invoice" : "none");

/** The Stripe product of an Equinox plan (id `eqx_<plan pk>`), created on first use. */
export async function ensureStripeProduct(ctx: Ctx, plan: { pk: string; id: string; name: string }): Promise<string> {
  const stripe = stripeFor(ctx.env);
  const productId = `eqx_${plan.pk}`;
  try {
    await stripe.products.retrieve(productId);
    return productId;
  } catch (error) {
    if (!isStripeResourceMissing(error)) throw toStripeDomainError(error, ctx.env, "read the plan's Stripe product");
  }
  await callStripe(ctx.env, "create the plan's Stripe product", () =>
    stripe.products.create({ id: productId, name: plan.name, metadata: { equinox_plan_id: plan.id } }, { idempotencyKey: `equinox-product-${ctx.env}-${plan.pk}` }),
  );
  return productId;
}

/**
 * The item that bills the customer plan: on a subscription billing several plans (multi_attach by
 * invoice) the one whose metadata names it, else the subscription's only item.
 */
async function planItem(ctx: Ctx, subscriptionId: string, customerPlanId?: string): Promise<Stripe.SubscriptionItem> {
  const subscription = await callStripe(ctx.env, "read the subscription", () => stripeFor(ctx.env).subscriptions.retrieve(subscriptionId));
  const named = customerPlanId ? subscription.items.data.find((candidate) => candidate.metadata?.[ITEM_PLAN_KEY] === customerPlanId) : undefined;
  const item = named ?? subscription.items.data[0];
  if (!item) throw new DomainError("stripe_error", `Stripe subscription ${subscriptionId} has no item to change`, { status: 400 });
  return item;
}

export type SubscriptionPlanChange = {
  product: string;
  unitAmount: number;
  currency: string;
  interval: PriceInterval;
  quantity: number;
  prorate: boolean;
  discounts?: Stripe.SubscriptionUpdateParams.Discount[];
  metadata: Record<string, string>;
};

/** Moves the subscription to another price (an upgrade now, or a downgrade billed from the next invoice with prorate: false). */
export async function changeSubscriptionPlan(ctx: Ctx, subscriptionId: string, change: SubscriptionPlanChange, customerPlanId?: string): Promise<Stripe.Subscription> {
  const recurring = stripeRecurring(change.interval);
  if (!recurring) throw new DomainError("invalid_request", "A one-off plan cannot replace a subscription's price: attach it as a purchase");
  const item = await planItem(ctx, subscriptionId, customerPlanId);
  return callStripe(ctx.env, "change the subscription's plan", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, {
      items: [
        {
          id: item.id,
          quantity: change.quantity,
          price_data: { currency: change.currency, product: change.product, unit_amount: change.unitAmount, recurring },
        },
      ],
      proration_behavior: stripeProration(change.prorate),
      ...(change.discounts && change.discounts.length > 0 ? { discounts: change.discounts } : {}),
      metadata: change.metadata,
      expand: ["latest_invoice"],
    }),
  );
}

export async function changeSubscriptionQuantity(ctx: Ctx, subscriptionId: string, quantity: number, prorate: boolean, customerPlanId?: string): Promise<Stripe.Subscription> {
  const item = await planItem(ctx, subscriptionId, customerPlanId);
  return callStripe(ctx.env, "change the subscription's quantity", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, { items: [{ id: item.id, quantity }], proration_behavior: stripeProration(prorate), expand: ["latest_invoice"] }),
  );
}

export async function setCancelAtPeriodEnd(ctx: Ctx, subscriptionId: string, cancel: boolean): Promise<Stripe.Subscription> {
  return callStripe(ctx.env, cancel ? "cancel the subscription at the period's end" : "take back the subscription's cancellation", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, { cancel_at_period_end: cancel }),
  );
}

/**
 * A contract that ends (on_contract_end = end) billed by a subscription: Stripe stops at its end
 * (cancel_at), so it never bills a renewal past the date Equinox ends the plan
 * (run-contracts.ts). Taking back a cancellation at the period's end restores it.
 */
export async function setCancelAt(ctx: Ctx, subscriptionId: string, at: Date): Promise<Stripe.Subscription> {
  return callStripe(ctx.env, "end the subscription at the contract's end", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, { cancel_at: Math.floor(at.getTime() / 1000) }),
  );
}

/**
 * On a subscription billing several plans, the item of a replaced plan now bills its replacement:
 * its metadata names the replacement, so ending the replaced plan does not remove it
 * (cancel-stripe-subscription.ts removes the items of plans that ended).
 */
export async function handItemToPlan(ctx: Ctx, subscription: Stripe.Subscription, fromCustomerPlanId: string, toCustomerPlanId: string): Promise<void> {
  const item = subscription.items.data.find((candidate) => candidate.metadata?.[ITEM_PLAN_KEY] === fromCustomerPlanId);
  if (!item) return;
  await callStripe(ctx.env, "name the replacement on the subscription's item", () =>
    stripeFor(ctx.env).subscriptions.update(subscription.id, { items: [{ id: item.id, metadata: { [ITEM_PLAN_KEY]: toCustomerPlanId } }], proration_behavior: "none" }),
  );
}

/** The invoice a change made (always_invoice), as the attach and update answers name it. */
export function changeInvoice(subscription: Stripe.Subscription | null, previousInvoiceId: string | null = null) {
  const invoice = subscription?.latest_invoice;
  if (!invoice || typeof invoice === "string" || invoice.id === previousInvoiceId) return undefined;
  return { status: invoice.status ?? null, stripe_id: invoice.id, total: invoice.total / 100, currency: invoice.currency, hosted_invoice_url: invoice.hosted_invoice_url ?? null };
}
