// The changes billing.update and billing.attach make to a customer plan's Stripe subscription,
// through the Stripe SDK: the plan (its price) with or without proration, the quantity, and
// cancel at period end (and back). Stripe stays the source of truth for money: it computes the
// prorations and the invoices; its webhooks move the plan's billing state (helper B's handlers).
import "server-only";
import type Stripe from "stripe";
import type { Ctx } from "@/lib/context";
import type { PriceInterval } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { stripeFor } from "@/lib/billing/stripe-client";
import { callStripe, isStripeResourceMissing, toStripeDomainError } from "@/lib/billing/stripe-errors";
import { stripeRecurring } from "@/lib/billing/stripe-recurring";
import { ITEM_PLAN_KEY, removedItemKey } from "@/lib/billing/lifecycle/start-billing";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import type { RunningPlan } from "@/lib/billing/preview/billing-context";


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
 * invoice) the one whose metadata names it (or names the plan scheduled to replace it: a downgrade
 * at the period's end hands the item over at once), else the subscription's only item. Never
 * another plan's item: a subscription of several items with none naming the plan is an error.
 */
function planItem(subscription: Stripe.Subscription, customerPlanIds: readonly string[]): Stripe.SubscriptionItem {
  const item = findPlanItem(subscription, customerPlanIds);
  if (!item) throw new DomainError("stripe_error", `Stripe subscription ${subscription.id} has no item for this plan to change`, { status: 400 });
  return item;
}

/** planItem, or undefined: a lone item naming another plan is that plan's (this one's item went, stopBillingAtPeriodEnd). */
export function findPlanItem(subscription: Stripe.Subscription, customerPlanIds: readonly string[]): Stripe.SubscriptionItem | undefined {
  const items = subscription.items.data;
  const named = items.find((candidate) => customerPlanIds.includes(candidate.metadata?.[ITEM_PLAN_KEY] ?? ""));
  return named ?? (items.length === 1 && !items[0]!.metadata?.[ITEM_PLAN_KEY] ? items[0] : undefined);
}

export async function readSubscription(ctx: Ctx, subscriptionId: string): Promise<Stripe.Subscription> {
  return callStripe(ctx.env, "read the subscription", () => stripeFor(ctx.env).subscriptions.retrieve(subscriptionId));
}

export type ItemPrice = {
  product: string;
  unitAmount: number;
  currency: string;
  interval: PriceInterval;
  quantity: number;
};

/** A running plan's price as its subscription item bills it (its effective price and quantity). */
export async function itemPriceOf(ctx: Ctx, cp: RunningPlan): Promise<ItemPrice> {
  const price = effectivePrice(cp, cp.planVersion);
  if (!price) throw new DomainError("invalid_request", `plan ${cp.plan.planId} has no price to bill on its subscription`);
  const product = await ensureStripeProduct(ctx, { pk: cp.plan.id, id: cp.plan.planId, name: cp.plan.name });
  return { product, unitAmount: price.amount, currency: price.currency, interval: price.interval, quantity: cp.quantity };
}

export type SubscriptionPlanChange = ItemPrice & {
  prorate: boolean;
  discounts?: Stripe.SubscriptionUpdateParams.Discount[];
  /**
   * When the subscription stops after the change (seconds): the incoming plan's contract end when
   * its contract ends there, else null (it renews). A switch replaces whatever stop the outgoing
   * plan had (its contract's cancel_at, a cancellation at the period's end, or the one a
   * scheduled downgrade to a free plan set): the subscription now bills the incoming plan.
   * Only on a subscription that bills this plan alone (billsOnlyThisPlan): one billing several
   * keeps its stop, which is about all of its plans.
   */
  cancelAt: number | null;
};

function itemPriceData(price: ItemPrice): Stripe.SubscriptionUpdateParams.Item.PriceData {
  const recurring = stripeRecurring(price.interval);
  if (!recurring) throw new DomainError("invalid_request", "A one-off plan cannot replace a subscription's price: attach it as a purchase");
  return { currency: price.currency, product: price.product, unit_amount: price.unitAmount, recurring };
}

/** The cancel_at / cancel_at_period_end parameters that make the subscription stop at `cancelAt` (null: never), only when it does not already. */
function stopParams(subscription: Stripe.Subscription, cancelAt: number | null): Pick<Stripe.SubscriptionUpdateParams, "cancel_at" | "cancel_at_period_end"> {
  if (cancelAt !== null) return subscription.cancel_at === cancelAt && !subscription.cancel_at_period_end ? {} : { cancel_at: cancelAt };
  if (subscription.cancel_at_period_end) return { cancel_at_period_end: false };
  return subscription.cancel_at === null ? {} : { cancel_at: "" };
}

/**
 * Whether the subscription bills only this plan (its one item), so that a stop (cancel_at,
 * cancel_at_period_end) about the plan may be set on the whole subscription. On a subscription
 * billing several plans (billing.multi_attach: one item per plan) cancel_at came from the lead
 * plan's terms (start-billing.ts subscriptionTerms) and stops every item: a switch of one plan
 * leaves it alone, neither lifting another plan's contract end (Stripe would bill its renewal
 * past it) nor stopping the other plans at this plan's end. A plan on such a subscription whose
 * own contract ends (ends_at, on_contract_end = end) still stops being billed there without a
 * cancel_at: run-contracts.ts expires it at its end and emits SUBSCRIBED_PLAN_ENDED for its
 * subscription, and cancel-stripe-subscription.ts removes the item naming it (the one
 * handItemToPlan named for it) while the other plans' items keep billing.
 */
function billsOnlyThisPlan(subscription: Stripe.Subscription, item: Stripe.SubscriptionItem): boolean {
  return subscription.items.data.every((candidate) => candidate.id === item.id);
}

/**
 * Moves the plan's item to another price (an upgrade now, or a downgrade billed from the next
 * invoice with prorate: false). Only that item changes: on a subscription billing several plans
 * the other items, and the subscription's metadata (about its lead plan), are left as they are;
 * handItemToPlan names the replacement afterwards. `customerPlanIds`: the plans the item may name
 * (the outgoing plan, and the plan scheduled to replace it if any).
 */
export async function changeSubscriptionPlan(ctx: Ctx, subscriptionId: string, change: SubscriptionPlanChange, customerPlanIds: readonly string[]): Promise<Stripe.Subscription> {
  const priceData = itemPriceData(change);
  const subscription = await readSubscription(ctx, subscriptionId);
  const item = planItem(subscription, customerPlanIds);
  return callStripe(ctx.env, "change the subscription's plan", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, {
      items: [{ id: item.id, quantity: change.quantity, price_data: priceData }],
      proration_behavior: stripeProration(change.prorate),
      ...(change.discounts && change.discounts.length > 0 ? { discounts: change.discounts } : {}),
      ...(billsOnlyThisPlan(subscription, item) ? stopParams(subscription, change.cancelAt) : {}),
      expand: ["latest_invoice"],
    }),
  );
}

/**
 * Puts the plan's item at `price` without proration: while a downgrade is scheduled the item
 * already bills the scheduled plan's price, so a change that prorates (an upgrade, a quantity)
 * first puts back the price the customer paid for this period, and Stripe credits that one.
 * With `onlyFrom`, only an item still billing that price (amount, currency, quantity) changes: a
 * retry after a failure further on finds the item moved on already and leaves it alone, so the
 * proration that followed is never made twice.
 */
export async function setItemPrice(
  ctx: Ctx,
  subscriptionId: string,
  price: ItemPrice,
  customerPlanIds: readonly string[],
  onlyFrom?: ItemPrice,
): Promise<Stripe.Subscription | null> {
  const priceData = itemPriceData(price);
  const item = planItem(await readSubscription(ctx, subscriptionId), customerPlanIds);
  if (onlyFrom && !(item.price.unit_amount === onlyFrom.unitAmount && item.price.currency === onlyFrom.currency && (item.quantity ?? 1) === onlyFrom.quantity)) return null;
  return callStripe(ctx.env, "set the plan's price on the subscription", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, { items: [{ id: item.id, quantity: price.quantity, price_data: priceData }], proration_behavior: "none" }),
  );
}

export async function changeSubscriptionQuantity(ctx: Ctx, subscriptionId: string, quantity: number, prorate: boolean, customerPlanIds: readonly string[]): Promise<Stripe.Subscription> {
  const item = planItem(await readSubscription(ctx, subscriptionId), customerPlanIds);
  return callStripe(ctx.env, "change the subscription's quantity", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, { items: [{ id: item.id, quantity }], proration_behavior: stripeProration(prorate), expand: ["latest_invoice"] }),
  );
}

/**
 * The plan stops being billed at the period's end (canceled at the end of the cycle, or downgraded
 * to a free plan): a subscription billing this plan alone is canceled at the period's end; on one
 * billing several plans (billing.multi_attach) cancel_at_period_end would stop them all, so the
 * plan's item goes instead, without proration (the period already invoiced stays as it was, and
 * the next invoice bills the other plans alone). Equinox ends the plan at the period's end itself
 * (run-contracts.ts: cancel_at_period_end with ends_at passed). Nothing to do when its item went already.
 */
export async function stopBillingAtPeriodEnd(ctx: Ctx, subscriptionId: string, customerPlanIds: readonly string[]): Promise<void> {
  const subscription = await readSubscription(ctx, subscriptionId);
  const item = findPlanItem(subscription, customerPlanIds);
  if (!item) return;
  if (billsOnlyThisPlan(subscription, item)) {
    if (!subscription.cancel_at_period_end) await setCancelAtPeriodEnd(ctx, subscriptionId, true);
    return;
  }
  await removePlanItem(ctx, subscriptionId, item.id, customerPlanIds[0]!);
}

/** Removes a plan's item without proration, noting on the subscription which item went (removedItemKey). */
async function removePlanItem(ctx: Ctx, subscriptionId: string, itemId: string, customerPlanId: string): Promise<void> {
  await callStripe(ctx.env, "stop billing the plan from the next period", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, {
      items: [{ id: itemId, deleted: true }],
      proration_behavior: "none",
      metadata: { [removedItemKey(customerPlanId)]: itemId },
    }),
  );
}

/**
 * The item of a plan whose billing stopped at the period's end on a subscription billing other
 * plans (stopBillingAtPeriodEnd removed it) comes back at `price`, named for the plan, without
 * proration: this period was paid, the next invoice bills the plan again. Returns whether it did
 * (false: the plan's item is there, nothing to restore). `resume`: the plan renews again (kept),
 * so its stop is no longer its own (removedItemKey cleared); otherwise the item is back only for
 * a change that prorates against it and goes again after, and the plan's stop stands meanwhile.
 *
 * Two restores racing (both read the subscription without the plan's item) would add two items:
 * Stripe serialises updates of one subscription, so the later one sees the earlier one's item in
 * its answer and takes its own back (no proration either way).
 */
export async function restorePlanItem(
  ctx: Ctx,
  subscriptionId: string,
  customerPlanIds: readonly string[],
  customerPlanId: string,
  price: () => Promise<ItemPrice>,
  options: { resume?: boolean } = {},
): Promise<boolean> {
  const subscription = await readSubscription(ctx, subscriptionId);
  const marked = Boolean(subscription.metadata?.[removedItemKey(customerPlanId)]);
  const clearMark = options.resume && marked ? { metadata: { [removedItemKey(customerPlanId)]: "" } } : {};
  if (findPlanItem(subscription, customerPlanIds)) {
    if (options.resume && marked) await callStripe(ctx.env, "note the plan renews", () => stripeFor(ctx.env).subscriptions.update(subscriptionId, clearMark));
    return false;
  }
  const item = await price();
  const before = new Set(subscription.items.data.map((candidate) => candidate.id));
  const updated = await callStripe(ctx.env, "bill the plan again from the next period", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, {
      items: [{ price_data: itemPriceData(item), quantity: item.quantity, metadata: { [ITEM_PLAN_KEY]: customerPlanId } }],
      proration_behavior: "none",
      ...clearMark,
    }),
  );
  const named = updated.items.data.filter((candidate) => candidate.metadata?.[ITEM_PLAN_KEY] === customerPlanId);
  const mine = named.find((candidate) => !before.has(candidate.id));
  if (mine && named.length > 1) {
    await callStripe(ctx.env, "take back a second item for the plan", () =>
      stripeFor(ctx.env).subscriptions.update(subscriptionId, { items: [{ id: mine.id, deleted: true }], proration_behavior: "none" }),
    );
  }
  return true;
}

/**
 * The plan renews again (its cancellation at the period's end taken back): its item comes back
 * (restorePlanItem) or, on a subscription billing it alone, the subscription's stop at the period's
 * end is lifted. Returns "subscription" when the subscription's own stop was lifted (a contract's
 * cancel_at is then set again by the caller), "item" when the item came back.
 */
export async function resumeBilling(ctx: Ctx, subscriptionId: string, customerPlanId: string, price: () => Promise<ItemPrice>): Promise<"subscription" | "item"> {
  if (!(await restorePlanItem(ctx, subscriptionId, [customerPlanId], customerPlanId, price, { resume: true }))) {
    await setCancelAtPeriodEnd(ctx, subscriptionId, false);
    return "subscription";
  }
  await liftOtherPlansStop(ctx, subscriptionId, customerPlanId);
  return "item";
}

/**
 * The plan's item is back on a subscription that stops at the period's end because every plan it
 * still billed was ending (cancel-stripe-subscription.ts stops it when the last item left is an
 * ended plan's): the stop was about those plans, not this one. Their items go (no proration: their
 * period is paid) and the subscription renews again, for this plan and any still renewing.
 */
async function liftOtherPlansStop(ctx: Ctx, subscriptionId: string, customerPlanId: string): Promise<void> {
  const subscription = await readSubscription(ctx, subscriptionId);
  if (!subscription.cancel_at_period_end) return;
  const others = subscription.items.data.filter((item) => item.metadata?.[ITEM_PLAN_KEY] !== customerPlanId);
  const renewing = await db().customerPlan.findMany({
    where: { env: ctx.env, id: { in: others.map((item) => item.metadata?.[ITEM_PLAN_KEY] ?? "") }, status: { in: ["active", "scheduled"] }, cancelAtPeriodEnd: false },
    select: { id: true },
  });
  const keep = new Set(renewing.map((cp) => cp.id));
  const ending = others.filter((item) => !keep.has(item.metadata?.[ITEM_PLAN_KEY] ?? ""));
  await callStripe(ctx.env, "renew the subscription for the plan kept", () =>
    stripeFor(ctx.env).subscriptions.update(subscriptionId, {
      ...(ending.length > 0 ? { items: ending.map((item) => ({ id: item.id, deleted: true })) } : {}),
      cancel_at_period_end: false,
      proration_behavior: "none",
    }),
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

export type PlanOwner = { customerPlanId: string; planId: string; planVersionId: string };

/**
 * After a switch, the subscription names the plan it now bills, and only where it named the
 * replaced one: the item's metadata (a subscription billing several plans: ending the replaced
 * plan then does not remove its item, cancel-stripe-subscription.ts removes the items of plans
 * that ended), and the subscription's own metadata when it is about the replaced plan (its lead
 * plan, or its only one). On a subscription billing several plans whose lead is another plan, the
 * subscription's metadata and the other items are left alone: every item still maps to its plan.
 * `from`: the outgoing plan and the plan that was scheduled to replace it, if any.
 */
export async function handItemToPlan(ctx: Ctx, subscription: Stripe.Subscription, from: readonly string[], to: PlanOwner): Promise<void> {
  const item = subscription.items.data.find((candidate) => from.includes(candidate.metadata?.[ITEM_PLAN_KEY] ?? ""));
  const metadata = subscription.metadata ?? {};
  const lead = metadata.equinox_customer_plan_id;
  const aboutReplaced = lead ? from.includes(lead) : subscription.items.data.length === 1 && Boolean(metadata.equinox_plan_id);
  const subscriptionMetadata = aboutReplaced
    ? { equinox_plan_id: to.planId, equinox_plan_version_id: to.planVersionId, ...(lead ? { equinox_customer_plan_id: to.customerPlanId } : {}) }
    : null;
  const stale = subscriptionMetadata && Object.entries(subscriptionMetadata).some(([key, value]) => metadata[key] !== value);
  if (!item && !stale) return;
  await callStripe(ctx.env, "name the replacement on the subscription", () =>
    stripeFor(ctx.env).subscriptions.update(subscription.id, {
      ...(item ? { items: [{ id: item.id, metadata: { [ITEM_PLAN_KEY]: to.customerPlanId } }] } : {}),
      ...(stale ? { metadata: subscriptionMetadata } : {}),
      proration_behavior: "none",
    }),
  );
}

/** The invoice a change made (always_invoice), as the attach and update answers name it. */
export function changeInvoice(subscription: Stripe.Subscription | null, previousInvoiceId: string | null = null) {
  const invoice = subscription?.latest_invoice;
  if (!invoice || typeof invoice === "string" || invoice.id === previousInvoiceId) return undefined;
  return { status: invoice.status ?? null, stripe_id: invoice.id, total: invoice.total / 100, currency: invoice.currency, hosted_invoice_url: invoice.hosted_invoice_url ?? null };
}
