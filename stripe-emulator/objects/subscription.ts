import type Stripe from "stripe";

import { newId } from "../ids";
import type { ModeState } from "../store";
import { addInterval, nowSeconds, type Interval } from "../time";
import { planFromPrice } from "./catalog";

export interface SubscriptionLine {
  price: Stripe.Price;
  quantity: number;
}

export interface SubscriptionInput {
  customer: string;
  lines: SubscriptionLine[];
  metadata: Record<string, string>;
  description: string | null;
  defaultPaymentMethod: string | null;
  trialPeriodDays: number | null;
  /** Absolute trial end; wins over trialPeriodDays. */
  trialEnd?: number | null;
  collectionMethod?: Stripe.Subscription.CollectionMethod;
  daysUntilDue?: number | null;
  /** A future anchor shortens the first period (prorated first invoice). */
  billingCycleAnchor?: number | null;
  cancelAt?: number | null;
  cancelAtPeriodEnd?: boolean;
}

export function priceInterval(price: Stripe.Price): { interval: Interval; count: number } {
  const recurring = price.recurring;
  const interval: string | undefined = recurring?.interval;
  const known: Interval =
    interval === "day" || interval === "week" || interval === "year" ? interval : "month";
  return { interval: known, count: recurring?.interval_count ?? 1 };
}

export function buildItem(
  subscriptionId: string,
  line: SubscriptionLine,
  start: number,
  end: number,
): Stripe.SubscriptionItem {
  return {
    id: newId("si"),
    object: "subscription_item",
    billing_thresholds: null,
    created: start,
    current_period_end: end,
    current_period_start: start,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planFromPrice(line.price),
    price: line.price,
    quantity: line.quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/**
 * Since API 2025-03-31 the billing period lives on each subscription item
 * (`items.data[].current_period_start/end`), not on the subscription; the
 * pinned stripe types agree, so that is the only place it is written.
 */
export function buildSubscription(state: ModeState, input: SubscriptionInput): Stripe.Subscription {
  const id = newId("sub");
  const start = nowSeconds(state);
  const first = input.lines[0];
  if (first === undefined) throw new Error("a subscription needs at least one recurring line");
  const { interval, count } = priceInterval(first.price);
  const trialEnd =
    input.trialEnd ?? (input.trialPeriodDays === null ? null : start + input.trialPeriodDays * 86_400);
  const periodEnd = trialEnd ?? input.billingCycleAnchor ?? addInterval(start, interval, count);
  const currency = first.price.currency;
  return {
    id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: periodEnd === trialEnd || periodEnd === input.billingCycleAnchor ? periodEnd : start,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: "classic" },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancelAtPeriodEnd === true ? periodEnd : (input.cancelAt ?? null),
    cancel_at_period_end: input.cancelAtPeriodEnd ?? false,
    canceled_at: null,
    cancellation_details: {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: input.cancelAtPeriodEnd === true || input.cancelAt != null ? "cancellation_requested" : null,
    },
    collection_method: input.collectionMethod ?? "charge_automatically",
    created: start,
    currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: input.collectionMethod === "send_invoice" ? (input.daysUntilDue ?? null) : null,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: "self" },
    },
    items: {
      object: "list",
      data: input.lines.map((line) => buildItem(id, line, start, periodEnd)),
      has_more: false,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: null,
    livemode: state.livemode,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: "off",
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: start,
    status: trialEnd === null ? "active" : "trialing",
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" },
    },
    trial_start: trialEnd === null ? null : start,
  };
}

/** Current period, read from the first item (all items share one cycle here). */
export function subscriptionPeriod(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  return {
    start: item?.current_period_start ?? subscription.start_date,
    end: item?.current_period_end ?? subscription.start_date,
  };
}

/** Moves every item one billing interval forward; returns the new period. */
export function advancePeriod(subscription: Stripe.Subscription, from?: number): { start: number; end: number } {
  const previousEnd = from ?? subscriptionPeriod(subscription).end;
  const first = subscription.items.data[0];
  const { interval, count } =
    first === undefined ? { interval: "month" as const, count: 1 } : priceInterval(first.price);
  const nextEnd = addInterval(previousEnd, interval, count);
  for (const item of subscription.items.data) {
    item.current_period_start = previousEnd;
    item.current_period_end = nextEnd;
  }
  return { start: previousEnd, end: nextEnd };
}
