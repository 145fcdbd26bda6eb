import type Stripe from "stripe";

import { cancelSubscription, lineDescription, subscriptionInvoiceLines } from "./billing";
import { applyDiscounts, type DiscountRequest } from "./discounting";
import { StripeApiError, invalidRequest } from "./errors";
import type { EmitFn } from "./events";
import {
  activeSubscriptionDiscounts,
  attachInvoiceItems,
  createStoredInvoice,
  finalize,
  paymentMethodFor,
  pendingInvoiceItems,
} from "./invoicing";
import { previousAttributes, snapshot } from "./json";
import { planFromPrice } from "./objects/catalog";
import { lineAmount, type InvoiceLineInput } from "./objects/invoice";
import { buildInvoiceItem } from "./objects/invoice-item";
import {
  buildItem,
  buildSubscription,
  priceInterval,
  subscriptionPeriod,
  type SubscriptionLine,
} from "./objects/subscription";
import { liveCustomer, type ModeState } from "./store";
import { addInterval, nowSeconds } from "./time";

/*
 * Subscriptions created and changed through the API, with Stripe's first
 * invoice, prorations (by the exact fraction of the period left, rounded per
 * line) and collection rules.
 */

export type PaymentBehavior = "allow_incomplete" | "default_incomplete" | "error_if_incomplete" | "pending_if_incomplete";
export type ProrationBehavior = "always_invoice" | "create_prorations" | "none";

export interface CreateSubscriptionInput {
  customer: Stripe.Customer;
  lines: (SubscriptionLine & { metadata: Record<string, string> })[];
  metadata: Record<string, string>;
  description: string | null;
  collectionMethod: Stripe.Subscription.CollectionMethod;
  daysUntilDue: number | null;
  trialEnd: number | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  discounts: DiscountRequest[];
  paymentBehavior: PaymentBehavior;
  billingCycleAnchor: number | null;
  prorationBehavior: ProrationBehavior;
  defaultPaymentMethod: string | null;
}

const NO_PAYMENT_METHOD =
  "This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.";

function formatDate(seconds: number): string {
  return new Date(seconds * 1000).toLocaleDateString("en-GB", {
    day: "2-digit",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

function customerDefaultMethod(customer: Stripe.Customer): string | null {
  const method = customer.invoice_settings.default_payment_method;
  return method === null ? null : typeof method === "string" ? method : method.id;
}

export function createSubscription(state: ModeState, emit: EmitFn, input: CreateSubscriptionInput): Stripe.Subscription {
  const now = nowSeconds(state);
  const hasMethod = (input.defaultPaymentMethod ?? customerDefaultMethod(input.customer)) !== null;
  if (
    input.collectionMethod === "charge_automatically" &&
    input.paymentBehavior === "error_if_incomplete" &&
    input.trialEnd === null &&
    !hasMethod
  ) {
    // Stripe answers 402 when error_if_incomplete cannot pay the first invoice.
    throw new StripeApiError(402, "invalid_request_error", NO_PAYMENT_METHOD);
  }
  const subscription = buildSubscription(state, {
    customer: input.customer.id,
    lines: input.lines,
    metadata: input.metadata,
    description: input.description,
    defaultPaymentMethod: input.defaultPaymentMethod,
    trialPeriodDays: null,
    trialEnd: input.trialEnd,
    collectionMethod: input.collectionMethod,
    daysUntilDue: input.daysUntilDue,
    billingCycleAnchor: input.billingCycleAnchor,
    cancelAt: input.cancelAt,
    cancelAtPeriodEnd: input.cancelAtPeriodEnd,
  });
  input.lines.forEach((line, index) => {
    const item = subscription.items.data[index];
    if (item !== undefined) item.metadata = line.metadata;
  });
  const discounts = applyDiscounts(state, input.discounts, { customer: input.customer.id, subscription: subscription.id }, true);
  subscription.discounts = discounts.map((discount) => discount.id);
  state.subscriptions.set(subscription.id, subscription);

  const trial = subscription.status === "trialing";
  let lines = subscriptionInvoiceLines(state, subscription, trial);
  const anchor = input.billingCycleAnchor;
  if (!trial && anchor !== null) {
    // A future anchor bills only the time until it, unless prorations are off.
    lines = lines.map((line) => {
      if (line.price === null) return line;
      const { interval, count } = priceInterval(line.price);
      const full = addInterval(now, interval, count) - now;
      const amount =
        input.prorationBehavior === "none" ? 0 : Math.round((lineAmount(line) * (anchor - now)) / full);
      return {
        ...line,
        amount,
        proration: true,
        description: `Remaining time on ${line.description} after ${formatDate(now)}`,
      };
    });
  }
  const invoice = createStoredInvoice(state, {
    customer: input.customer,
    subscription,
    lines,
    billingReason: "subscription_create",
    period: { start: now, end: now },
    discounts: activeSubscriptionDiscounts(state, subscription),
  });
  attachInvoiceItems(state, invoice, subscription, pendingInvoiceItems(state, input.customer.id, null));
  subscription.latest_invoice = invoice.id;

  const payable = invoice.amount_due > 0;
  if (trial) subscription.status = "trialing";
  else if (!payable || input.collectionMethod === "send_invoice") subscription.status = "active";
  else if (input.paymentBehavior === "default_incomplete") subscription.status = "incomplete";
  else subscription.status = paymentMethodFor(state, invoice) === null ? "incomplete" : "active";

  emit("customer.subscription.created", subscription);
  emit("invoice.created", invoice);
  if (!payable) finalize(state, emit, invoice);
  else if (input.collectionMethod === "charge_automatically") {
    finalize(state, emit, invoice, { collect: subscription.status === "active" ? "paid" : "none" });
  }
  // send_invoice: the draft auto-advances ~1 h later (see clock.ts), unless finalized or sent first.
  return subscription;
}

export interface ItemChange {
  id: string | null;
  price: Stripe.Price | null;
  quantity: number | null;
  deleted: boolean;
  metadata: Record<string, string> | null;
}

interface ItemSnapshot {
  id: string;
  price: Stripe.Price;
  quantity: number;
}

function itemsOf(subscription: Stripe.Subscription): ItemSnapshot[] {
  return subscription.items.data.map((item) => ({ id: item.id, price: item.price, quantity: item.quantity ?? 1 }));
}

/**
 * Stripe's proration for a change at `prorationDate`: a credit for the unused
 * time of what was billed and a charge for the remaining time of what
 * replaces it, each `round(amount × (period end − date) / period length)`.
 */
export function prorationLines(
  state: ModeState,
  subscription: Stripe.Subscription,
  before: ItemSnapshot[],
  after: ItemSnapshot[],
  prorationDate: number,
): InvoiceLineInput[] {
  const { start, end } = subscriptionPeriod(subscription);
  const length = end - start;
  if (length <= 0 || prorationDate >= end) return [];
  const from = Math.max(start, prorationDate);
  const fraction = (end - from) / length;
  const period = { start: from, end };
  const lines: InvoiceLineInput[] = [];
  const afterById = new Map(after.map((item) => [item.id, item]));
  const beforeById = new Map(before.map((item) => [item.id, item]));
  for (const old of before) {
    const next = afterById.get(old.id);
    if (next !== undefined && next.price.id === old.price.id && next.quantity === old.quantity) continue;
    lines.push({
      price: old.price,
      quantity: old.quantity,
      description: `Unused time on ${lineDescription(state, old.price, old.quantity)} after ${formatDate(from)}`,
      subscriptionItem: old.id,
      proration: true,
      period,
      amount: -Math.round((old.price.unit_amount ?? 0) * old.quantity * fraction),
    });
  }
  for (const next of after) {
    const old = beforeById.get(next.id);
    if (old !== undefined && next.price.id === old.price.id && next.quantity === old.quantity) continue;
    lines.push({
      price: next.price,
      quantity: next.quantity,
      description: `Remaining time on ${lineDescription(state, next.price, next.quantity)} after ${formatDate(from)}`,
      subscriptionItem: next.id,
      proration: true,
      period,
      amount: Math.round((next.price.unit_amount ?? 0) * next.quantity * fraction),
    });
  }
  return lines;
}

/** The items a change list leads to (new items get their future ids). */
export function applyItemChanges(
  subscription: Stripe.Subscription,
  changes: ItemChange[],
  commit: boolean,
): ItemSnapshot[] {
  const before = itemsOf(subscription);
  const result = [...before];
  const { start, end } = subscriptionPeriod(subscription);
  changes.forEach((change, index) => {
    const param = `items[${index}]`;
    if (change.id !== null) {
      const position = result.findIndex((item) => item.id === change.id);
      if (position < 0) {
        throw invalidRequest(`No such subscription item: '${change.id}'`, `${param}[id]`, "resource_missing");
      }
      if (change.deleted) {
        result.splice(position, 1);
        if (commit) subscription.items.data = subscription.items.data.filter((item) => item.id !== change.id);
        return;
      }
      const current = result[position]!;
      const next = { id: current.id, price: change.price ?? current.price, quantity: change.quantity ?? current.quantity };
      result[position] = next;
      if (commit) {
        const item = subscription.items.data.find((candidate) => candidate.id === change.id);
        if (item !== undefined) {
          item.price = next.price;
          item.plan = planFromPrice(next.price);
          item.quantity = next.quantity;
          if (change.metadata !== null) item.metadata = change.metadata;
        }
      }
      return;
    }
    if (change.deleted) throw invalidRequest("You must pass an `id` to delete an item.", `${param}[id]`);
    if (change.price === null) throw invalidRequest("You must specify either `price` or `price_data`.", `${param}[price]`, "parameter_missing");
    if (result.some((item) => item.price.id === change.price?.id)) {
      throw invalidRequest(
        `Cannot add multiple subscription items with the same price: ${change.price.id}`,
        `${param}[price]`,
      );
    }
    const item = buildItem(subscription.id, { price: change.price, quantity: change.quantity ?? 1 }, start, end);
    if (change.metadata !== null) item.metadata = change.metadata;
    result.push({ id: item.id, price: item.price, quantity: item.quantity ?? 1 });
    if (commit) subscription.items.data.push(item);
  });
  if (result.length === 0) {
    throw invalidRequest("A subscription must have at least one active plan.", "items");
  }
  // Every item must keep the current billing cycle.
  const cycle = (price: Stripe.Price) => {
    const { interval, count } = priceInterval(price);
    return `${interval}/${count}`;
  };
  const current = before.length === 0 ? null : cycle(before[0]!.price);
  if (current !== null && result.some((item) => cycle(item.price) !== current)) {
    throw invalidRequest(
      "The Stripe emulator does not model changing a subscription's billing interval; all items must keep the current one.",
      "items",
    );
  }
  return result;
}

export interface UpdateSubscriptionInput {
  items: ItemChange[] | null;
  prorationBehavior: ProrationBehavior;
  prorationDate: number | null;
  cancelAtPeriodEnd: boolean | undefined;
  /** null clears; undefined leaves it. */
  cancelAt: number | null | undefined;
  collectionMethod: Stripe.Subscription.CollectionMethod | undefined;
  daysUntilDue: number | undefined;
  trialEnd: "now" | number | undefined;
  metadata: Record<string, string>;
  description: string | null | undefined;
  defaultPaymentMethod: string | null | undefined;
  cancellationComment: string | null | undefined;
  cancellationFeedback: string | null | undefined;
  discounts: DiscountRequest[] | null;
}

function customerOf(state: ModeState, subscription: Stripe.Subscription): Stripe.Customer {
  const id = typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
  const customer = liveCustomer(state, id);
  if (customer === undefined) throw invalidRequest(`Customer '${id}' has been deleted.`);
  return customer;
}

/** Creates and settles an invoice for the subscription's pending items now (always_invoice, trial_end=now, invoice_now). */
function invoiceNow(
  state: ModeState,
  emit: EmitFn,
  subscription: Stripe.Subscription,
  lines: InvoiceLineInput[],
  billingReason: Stripe.Invoice.BillingReason,
): Stripe.Invoice | null {
  const customer = customerOf(state, subscription);
  const pending = pendingInvoiceItems(state, customer.id, subscription.id);
  if (lines.length === 0 && pending.length === 0) return null;
  const now = nowSeconds(state);
  const invoice = createStoredInvoice(state, {
    customer,
    subscription,
    lines,
    billingReason,
    period: { start: now, end: now },
    discounts: activeSubscriptionDiscounts(state, subscription),
  });
  attachInvoiceItems(state, invoice, subscription, pending);
  return invoice;
}

/** A subscription's invoice made by a change is finalized at once and collected as Stripe does. */
function settleNewInvoice(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice | null): void {
  if (invoice === null) return;
  emit("invoice.created", invoice);
  finalize(state, emit, invoice);
}

export function updateSubscription(
  state: ModeState,
  emit: EmitFn,
  subscription: Stripe.Subscription,
  input: UpdateSubscriptionInput,
): Stripe.Subscription {
  const now = nowSeconds(state);
  const customer = customerOf(state, subscription);
  const before = snapshot(subscription);
  const oldItems = itemsOf(subscription);
  if (input.items !== null) applyItemChanges(subscription, input.items, false);
  if (input.collectionMethod === "send_invoice" && (input.daysUntilDue ?? subscription.days_until_due) === null) {
    throw invalidRequest("Missing required param: days_until_due.", "days_until_due", "parameter_missing");
  }
  if (input.trialEnd !== undefined && input.trialEnd !== "now" && input.trialEnd <= now) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "trial_end");
  }
  if (input.cancelAt !== undefined && input.cancelAt !== null && input.cancelAt <= now) {
    throw invalidRequest("Invalid timestamp: must be an integer Unix timestamp in the future.", "cancel_at");
  }
  let newInvoice: Stripe.Invoice | null = null;

  if (input.items !== null) {
    const newItems = applyItemChanges(subscription, input.items, true);
    if (subscription.status !== "trialing" && input.prorationBehavior !== "none") {
      const lines = prorationLines(state, subscription, oldItems, newItems, input.prorationDate ?? now);
      for (const line of lines) {
        const item = buildInvoiceItem(state, {
          customer: customer.id,
          amount: line.amount ?? 0,
          currency: line.price?.currency ?? subscription.currency,
          quantity: line.quantity,
          description: line.description,
          price: line.price,
          invoice: null,
          subscription: subscription.id,
          subscriptionItem: line.subscriptionItem,
          proration: true,
          period: line.period,
          discountable: true,
          metadata: {},
        });
        state.invoiceItems.set(item.id, item);
      }
      if (input.prorationBehavior === "always_invoice") {
        newInvoice = invoiceNow(state, emit, subscription, [], "subscription_update");
      }
    }
  }
  if (input.collectionMethod !== undefined) {
    subscription.collection_method = input.collectionMethod;
    subscription.days_until_due =
      input.collectionMethod === "send_invoice" ? (input.daysUntilDue ?? subscription.days_until_due) : null;
  } else if (input.daysUntilDue !== undefined) {
    if (subscription.collection_method !== "send_invoice") {
      throw invalidRequest("You can only set `days_until_due` when `collection_method` is `send_invoice`.", "days_until_due");
    }
    subscription.days_until_due = input.daysUntilDue;
  }
  if (input.trialEnd === "now" && subscription.status === "trialing") {
    subscription.trial_end = now;
    subscription.billing_cycle_anchor = now;
    const first = subscription.items.data[0];
    const { interval, count } = first === undefined ? { interval: "month" as const, count: 1 } : priceInterval(first.price);
    const end = addInterval(now, interval, count);
    for (const item of subscription.items.data) {
      item.current_period_start = now;
      item.current_period_end = end;
    }
    subscription.status = "active";
    newInvoice = invoiceNow(state, emit, subscription, subscriptionInvoiceLines(state, subscription, false), "subscription_update");
  } else if (typeof input.trialEnd === "number") {
    subscription.trial_end = input.trialEnd;
    subscription.status = "trialing";
    for (const item of subscription.items.data) item.current_period_end = input.trialEnd;
    state.internal.trialWillEndSent.delete(subscription.id);
  }
  if (input.cancelAtPeriodEnd !== undefined) {
    subscription.cancel_at_period_end = input.cancelAtPeriodEnd;
    subscription.cancel_at = input.cancelAtPeriodEnd ? subscriptionPeriod(subscription).end : null;
  }
  if (input.cancelAt !== undefined) {
    // An explicit cancel_at replaces cancel_at_period_end, as on Stripe.
    subscription.cancel_at = input.cancelAt;
    subscription.cancel_at_period_end = false;
  }
  if (input.cancelAtPeriodEnd !== undefined || input.cancelAt !== undefined) {
    const cancelling = subscription.cancel_at !== null;
    subscription.canceled_at = cancelling ? now : null;
    subscription.cancellation_details = {
      ...(subscription.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }),
      reason: cancelling ? "cancellation_requested" : null,
    };
  }
  if (input.cancellationComment !== undefined || input.cancellationFeedback !== undefined) {
    const current = subscription.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null };
    subscription.cancellation_details = {
      ...current,
      ...(input.cancellationComment === undefined ? {} : { comment: input.cancellationComment }),
      ...(input.cancellationFeedback === undefined
        ? {}
        : { feedback: input.cancellationFeedback as Stripe.Subscription.CancellationDetails.Feedback | null }),
    };
  }
  if (input.discounts !== null) {
    const discounts = applyDiscounts(state, input.discounts, { customer: customer.id, subscription: subscription.id }, true);
    subscription.discounts = discounts.map((discount) => discount.id);
  }
  if (input.description !== undefined) subscription.description = input.description;
  if (input.defaultPaymentMethod !== undefined) subscription.default_payment_method = input.defaultPaymentMethod;
  subscription.metadata = input.metadata;
  if (newInvoice !== null) subscription.latest_invoice = newInvoice.id;

  const previous = previousAttributes(before, snapshot(subscription));
  if (Object.keys(previous).length > 0) emit("customer.subscription.updated", subscription, previous);
  settleNewInvoice(state, emit, newInvoice);
  return subscription;
}

export interface CancelOptions {
  invoiceNow: boolean;
  prorate: boolean;
  comment: string | null;
}

/** `DELETE /v1/subscriptions/:id`: `prorate` credits the unused time, `invoice_now` bills what is pending at once. */
export function cancelNow(state: ModeState, emit: EmitFn, subscription: Stripe.Subscription, options: CancelOptions): Stripe.Subscription {
  const now = nowSeconds(state);
  if (subscription.status !== "canceled" && options.prorate && subscription.status !== "trialing") {
    const customer = customerOf(state, subscription);
    for (const line of prorationLines(state, subscription, itemsOf(subscription), [], now)) {
      const item = buildInvoiceItem(state, {
        customer: customer.id,
        amount: line.amount ?? 0,
        currency: line.price?.currency ?? subscription.currency,
        quantity: line.quantity,
        description: line.description,
        price: line.price,
        invoice: null,
        subscription: subscription.id,
        subscriptionItem: line.subscriptionItem,
        proration: true,
        period: line.period,
        discountable: true,
        metadata: {},
      });
      state.invoiceItems.set(item.id, item);
    }
  }
  cancelSubscription(state, emit, subscription, { reason: "cancellation_requested", comment: options.comment });
  if (options.invoiceNow) {
    const invoice = invoiceNow(state, emit, subscription, [], "subscription_cycle");
    settleNewInvoice(state, emit, invoice);
  }
  return subscription;
}
