import type Stripe from "stripe";

import { applyDiscounts } from "./discounting";
import { invalidRequest } from "./errors";
import type { EmitFn } from "./events";
import { previousAttributes, snapshot } from "./json";
import { productName } from "./objects/catalog";
import { buildCustomer, type CustomerInput } from "./objects/customer";
import {
  activeSubscriptionDiscounts,
  attachInvoiceItems,
  createStoredInvoice,
  finalize,
  pendingInvoiceItems,
} from "./invoicing";
import { type InvoiceLineInput } from "./objects/invoice";
import {
  buildCardPaymentMethod,
  buildSucceededPaymentIntent,
  buildSucceededSetupIntent,
} from "./objects/payments";
import { recordInvoiceCardPayment } from "./refunds";
import { advancePeriod, buildSubscription, subscriptionPeriod } from "./objects/subscription";
import { liveCustomer, type CheckoutRecord, type ModeState } from "./store";
import { nowSeconds } from "./time";

/*
 * State transitions shared by the API routes, the hosted pages and the
 * control endpoints. Each one mutates state and emits the events Stripe would
 * emit for it, in Stripe's order, after the mutation it describes.
 */

/** Runs `mutate` and emits `type` with Stripe's previous_attributes, if anything changed. */
export function updateAndEmit<T extends object>(
  emit: EmitFn,
  type: Stripe.Event.Type,
  object: T,
  mutate: () => void,
): void {
  const before = snapshot(object);
  mutate();
  const previous = previousAttributes(before, snapshot(object));
  if (Object.keys(previous).length > 0) emit(type, object, previous);
}

export function storeNewCustomer(state: ModeState, emit: EmitFn, customer: Stripe.Customer): Stripe.Customer {
  state.customers.set(customer.id, customer);
  emit("customer.created", customer);
  return customer;
}

export function createCustomer(state: ModeState, emit: EmitFn, input: CustomerInput): Stripe.Customer {
  return storeNewCustomer(state, emit, buildCustomer(state, input));
}

export function cancelSubscription(
  state: ModeState,
  emit: EmitFn,
  subscription: Stripe.Subscription,
  details: { reason: Stripe.Subscription.CancellationDetails.Reason; comment?: string | null },
): void {
  if (subscription.status === "canceled") {
    throw invalidRequest(
      `This subscription has already been canceled: '${subscription.id}'`,
      "subscription",
    );
  }
  const now = nowSeconds(state);
  subscription.status = "canceled";
  subscription.canceled_at = now;
  subscription.ended_at = now;
  subscription.cancellation_details = {
    ...(subscription.cancellation_details ?? { feedback: null, feedback_option: null }),
    comment: details.comment ?? subscription.cancellation_details?.comment ?? null,
    reason: details.reason,
  };
  emit("customer.subscription.deleted", subscription);
}

export function lineDescription(state: ModeState, price: Stripe.Price, quantity: number): string {
  const name = productName(state, price);
  return quantity === 1 ? name : `${quantity} × ${name}`;
}

export function subscriptionInvoiceLines(
  state: ModeState,
  subscription: Stripe.Subscription,
  trial: boolean,
): InvoiceLineInput[] {
  return subscription.items.data.map((item) => {
    const quantity = item.quantity ?? 1;
    const name = lineDescription(state, item.price, quantity);
    const line: InvoiceLineInput = {
      price: item.price,
      quantity,
      description: trial ? `Trial period for ${name}` : name,
      subscriptionItem: item.id,
      period: { start: item.current_period_start, end: item.current_period_end },
    };
    if (trial) line.amount = 0;
    return line;
  });
}

/** Walks a stored draft invoice to finalized and then paid or failed, emitting each step. */
function settleInvoice(
  state: ModeState,
  emit: EmitFn,
  invoice: Stripe.Invoice,
  outcome: "paid" | "failed" | "auto",
): void {
  emit("invoice.created", invoice);
  finalize(state, emit, invoice, { collect: outcome });
}

export interface CheckoutForm {
  email: string | null;
  name: string | null;
}

/** What pressing "Pay" on the hosted page does, per checkout mode. */
export function completeCheckout(
  state: ModeState,
  emit: EmitFn,
  record: CheckoutRecord,
  form: CheckoutForm,
): void {
  const session = record.session;
  const customerId = typeof session.customer === "string" ? session.customer : null;
  let customer = customerId === null ? undefined : liveCustomer(state, customerId);
  if (customerId !== null && customer === undefined) {
    throw invalidRequest(`The customer '${customerId}' of this session has been deleted.`);
  }
  const email = form.email ?? customer?.email ?? session.customer_email ?? "customer@example.com";
  const name = form.name ?? customer?.name ?? null;
  if (
    customer === undefined &&
    (session.mode === "subscription" || record.customerCreation === "always")
  ) {
    customer = createCustomer(state, emit, { email, name });
  }

  const paymentMethod = buildCardPaymentMethod(state, {
    customer: customer?.id ?? null,
    email,
    name,
  });
  state.paymentMethods.set(paymentMethod.id, paymentMethod);
  if (customer !== undefined) emit("payment_method.attached", paymentMethod);

  if (session.mode === "payment") {
    const intent = buildSucceededPaymentIntent(state, {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? "usd",
      customer: customer?.id ?? null,
      paymentMethod: paymentMethod.id,
      metadata: record.paymentIntentMetadata,
    });
    state.paymentIntents.set(intent.id, intent);
    emit("payment_intent.succeeded", intent);
    session.payment_intent = intent.id;
    session.payment_status = "paid";
  } else if (session.mode === "setup") {
    const intent = buildSucceededSetupIntent(state, {
      customer: customer?.id ?? null,
      paymentMethod: paymentMethod.id,
      metadata: record.setupIntentMetadata,
    });
    state.setupIntents.set(intent.id, intent);
    emit("setup_intent.succeeded", intent);
    session.setup_intent = intent.id;
    if (customer !== undefined) {
      const target = customer;
      updateAndEmit(emit, "customer.updated", target, () => {
        target.invoice_settings.default_payment_method = paymentMethod.id;
      });
    }
  } else {
    if (customer === undefined) throw new Error("subscription checkout without a customer");
    completeSubscriptionCheckout(state, emit, record, customer, paymentMethod.id);
  }

  session.status = "complete";
  session.customer = customer?.id ?? null;
  session.customer_details = {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: "none",
    tax_ids: [],
  };
  emit("checkout.session.completed", session);
}

function completeSubscriptionCheckout(
  state: ModeState,
  emit: EmitFn,
  record: CheckoutRecord,
  customer: Stripe.Customer,
  paymentMethodId: string,
): void {
  const session = record.session;
  const recurring: { price: Stripe.Price; quantity: number }[] = [];
  const oneTime: { price: Stripe.Price; quantity: number }[] = [];
  for (const item of record.lineItems) {
    if (item.price === null) continue;
    const line = { price: item.price, quantity: item.quantity ?? 1 };
    (item.price.recurring === null ? oneTime : recurring).push(line);
  }
  const subscription = buildSubscription(state, {
    customer: customer.id,
    lines: recurring,
    metadata: { ...record.subscriptionData.metadata },
    description: record.subscriptionData.description,
    defaultPaymentMethod: paymentMethodId,
    trialPeriodDays: record.subscriptionData.trialPeriodDays,
  });
  state.subscriptions.set(subscription.id, subscription);
  subscription.discounts = applyDiscounts(
    state,
    record.discounts,
    { customer: customer.id, subscription: subscription.id },
    true,
  ).map((discount) => discount.id);
  emit("customer.subscription.created", subscription);

  const now = nowSeconds(state);
  const trial = subscription.status === "trialing";
  const lines = [
    ...subscriptionInvoiceLines(state, subscription, trial),
    ...oneTime.map(
      (line): InvoiceLineInput => ({
        price: line.price,
        quantity: line.quantity,
        description: lineDescription(state, line.price, line.quantity),
        subscriptionItem: null,
        period: { start: now, end: now },
      }),
    ),
  ];
  const invoice = createStoredInvoice(state, {
    customer,
    subscription,
    lines,
    billingReason: "subscription_create",
    period: { start: now, end: now },
    discounts: activeSubscriptionDiscounts(state, subscription),
  });
  settleInvoice(state, emit, invoice, "paid");
  // The card took the money through a PaymentIntent (the invoice's payment), which a refund names.
  if (invoice.status === "paid") recordInvoiceCardPayment(state, emit, invoice, paymentMethodId);
  subscription.latest_invoice = invoice.id;

  session.subscription = subscription.id;
  session.invoice = invoice.id;
  session.payment_status = trial ? "no_payment_required" : "paid";
}

export interface RenewalResult {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice | null;
}

/**
 * Moves a subscription to its next billing period, as Stripe does when the
 * period ends: a subscription set to cancel at (or before) period end ends
 * instead; any other one gets a `subscription_cycle` invoice (with pending
 * invoice items such as prorations, and running discounts). `auto` is what
 * Stripe does: the invoice is created as an auto-advancing draft
 * (`invoice.created`), so an integration may still edit it or turn
 * `auto_advance` off, and the clock finalizes it an hour later
 * (`automatically_finalizes_at`; then send_invoice → open and sent,
 * charge_automatically → the card on file, else payment_failed and
 * past_due). `paid` / `failed` (the control endpoints) finalize at once and
 * force the outcome.
 */
export function renewSubscription(
  state: ModeState,
  emit: EmitFn,
  subscription: Stripe.Subscription,
  outcome: "paid" | "failed" | "auto",
): RenewalResult {
  if (subscription.status === "canceled" || subscription.status === "incomplete_expired") {
    throw invalidRequest(`Subscription '${subscription.id}' is ${subscription.status}.`, "subscription");
  }
  const customerId =
    typeof subscription.customer === "string" ? subscription.customer : subscription.customer.id;
  const customer = liveCustomer(state, customerId);
  if (customer === undefined) throw invalidRequest(`Customer '${customerId}' has been deleted.`);

  const previous = subscriptionPeriod(subscription);
  if (
    subscription.cancel_at_period_end ||
    (subscription.cancel_at !== null && subscription.cancel_at <= previous.end)
  ) {
    cancelSubscription(state, emit, subscription, { reason: "cancellation_requested" });
    return { subscription, invoice: null };
  }

  const before = snapshot(subscription);
  advancePeriod(subscription);
  if (subscription.status === "trialing") {
    subscription.trial_end = previous.end;
    subscription.status = "active";
  }
  const invoice = createStoredInvoice(state, {
    customer,
    subscription,
    lines: subscriptionInvoiceLines(state, subscription, false),
    billingReason: "subscription_cycle",
    period: { start: previous.start, end: previous.end },
    discounts: activeSubscriptionDiscounts(state, subscription),
  });
  attachInvoiceItems(state, invoice, subscription, pendingInvoiceItems(state, customer.id, subscription.id));
  subscription.latest_invoice = invoice.id;
  const diff = previousAttributes(before, snapshot(subscription));
  emit("customer.subscription.updated", subscription, diff);
  if (outcome === "auto") emit("invoice.created", invoice);
  else settleInvoice(state, emit, invoice, outcome);
  return { subscription, invoice };
}
