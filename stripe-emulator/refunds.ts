import type Stripe from "stripe";

import { invalidRequest } from "./errors";
import type { EmitFn } from "./events";
import { newId } from "./ids";
import { buildSucceededPaymentIntent } from "./objects/payments";
import type { ModeState } from "./store";
import { nowSeconds } from "./time";

/*
 * Card payments of invoices and their refunds, as Stripe models them since
 * API version 2025-03-31: an invoice paid by card has an InvoicePayment whose
 * `payment.payment_intent` is the PaymentIntent that took the money; a refund
 * names that PaymentIntent and gives back all or part of what it took.
 */

/** Records that `invoice` was paid with the card `paymentMethod`: a succeeded PaymentIntent and its InvoicePayment. */
export function recordInvoiceCardPayment(state: ModeState, emit: EmitFn, invoice: Stripe.Invoice, paymentMethod: string): void {
  if (invoice.amount_paid <= 0 || invoice.id === undefined) return;
  const customer = typeof invoice.customer === "string" ? invoice.customer : (invoice.customer?.id ?? null);
  const intent = buildSucceededPaymentIntent(state, {
    amount: invoice.amount_paid,
    currency: invoice.currency,
    customer,
    paymentMethod,
    metadata: {},
  });
  state.paymentIntents.set(intent.id, intent);
  emit("payment_intent.succeeded", intent);
  const now = nowSeconds(state);
  const payment = {
    id: newId("inpay"),
    object: "invoice_payment",
    amount_paid: invoice.amount_paid,
    amount_requested: invoice.amount_paid,
    created: now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: state.livemode,
    payment: { type: "payment_intent", payment_intent: intent.id },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: now },
  } as Stripe.InvoicePayment;
  state.invoicePayments.set(payment.id, payment);
}

function refundedSoFar(state: ModeState, paymentIntentId: string): number {
  return [...state.refunds.values()]
    .filter((refund) => refund.payment_intent === paymentIntentId && refund.status === "succeeded")
    .reduce((sum, refund) => sum + refund.amount, 0);
}

export interface RefundInput {
  intent: Stripe.PaymentIntent;
  amount?: number;
  reason: Stripe.Refund.Reason | null;
  metadata: Stripe.Metadata;
}

/** `POST /v1/refunds`: gives back `amount` (default: what is left) of a succeeded PaymentIntent. */
export function createRefund(state: ModeState, emit: EmitFn, input: RefundInput): Stripe.Refund {
  const { intent } = input;
  if (intent.status !== "succeeded") {
    throw invalidRequest(`PaymentIntent ${intent.id} has no successful charge to refund.`, "payment_intent");
  }
  const left = intent.amount_received - refundedSoFar(state, intent.id);
  if (left <= 0) {
    throw invalidRequest(`Charge for PaymentIntent ${intent.id} has already been refunded.`, undefined, "charge_already_refunded");
  }
  const amount = input.amount ?? left;
  if (amount <= 0 || amount > left) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, "amount", "amount_too_large");
  }
  const refund = {
    id: newId("re"),
    object: "refund",
    amount,
    balance_transaction: null,
    charge: null,
    created: nowSeconds(state),
    currency: intent.currency,
    customer: intent.customer,
    customer_account: null,
    metadata: input.metadata,
    payment_intent: intent.id,
    payment_method: intent.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  } as Stripe.Refund;
  state.refunds.set(refund.id, refund);
  emit("refund.created", refund);
  return refund;
}
