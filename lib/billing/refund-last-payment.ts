// billing.update cancel_immediately with refund_last_payment (Autumn's "cancel immediately with a
// refund"): the last paid invoice of the plan's subscription is refunded in full, or for the part
// of its period left when the plan was canceled. Run by the outbox after the transaction that
// ended the plan (REFUND_LAST_PAYMENT_JOB), so a Stripe outage delays the refund but never loses
// it; safe to run again: what was refunded already is subtracted, and each refund carries an
// idempotency key per invoice and amount.
import "server-only";
import type Stripe from "stripe";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import type { RefundLastPaymentPayload } from "./lifecycle/billing-jobs";
import { stripeFor } from "./stripe-client";
import { callStripe } from "./stripe-errors";
import { idOf } from "./webhooks/subscription-fields";
import { shareLeft } from "./preview/proration";

export async function refundLastPaymentJob(job: OutboxJob): Promise<void> {
  const { subscriptionId, mode, at } = job.payload as RefundLastPaymentPayload;
  const stripe = stripeFor(job.env);
  const paid = await callStripe(job.env, "read the subscription's paid invoices", () => stripe.invoices.list({ subscription: subscriptionId, status: "paid", limit: 100 }));
  // The last period's own invoice (the subscription's first, or a renewal), not a proration
  // invoice a mid-period change made: "the last payment" is what the period was bought with.
  const last = paid.data
    .filter((invoice) => invoice.amount_paid > 0 && (invoice.billing_reason === "subscription_create" || invoice.billing_reason === "subscription_cycle"))
    .sort((a, b) => b.created - a.created)[0];
  if (!last) return;
  const owed = mode === "full" ? last.amount_paid : Math.round(last.amount_paid * unusedShare(last, new Date(at).getTime() / 1000));
  if (owed <= 0) return;
  const payments = await callStripe(job.env, "read the invoice's payments", () => stripe.invoicePayments.list({ invoice: last.id!, limit: 100 }));
  let left = owed;
  for (const payment of payments.data) {
    const intentId = idOf(payment.payment.payment_intent);
    if (payment.status !== "paid" || !intentId || left <= 0) continue;
    const refunds = await callStripe(job.env, "read the payment's refunds", () => stripe.refunds.list({ payment_intent: intentId, limit: 100 }));
    const given = refunds.data.filter((refund) => refund.status === "succeeded" || refund.status === "pending").reduce((sum, refund) => sum + refund.amount, 0);
    left -= given;
    const amount = Math.min(left, (payment.amount_paid ?? 0) - given);
    if (amount <= 0) continue;
    await callStripe(job.env, "refund the last payment", () =>
      stripe.refunds.create(
        { payment_intent: intentId, amount, reason: "requested_by_customer", metadata: { equinox_subscription_id: subscriptionId, equinox_refund: `last_payment_${mode}` } },
        { idempotencyKey: `equinox-refund-last-${last.id}-${intentId}-${amount}` },
      ),
    );
    left -= amount;
  }
}

/** The share of the invoice's service period still ahead at `atSeconds` (0 to 1), from its lines' periods: the preview's rule (shareLeft). */
function unusedShare(invoice: Stripe.Invoice, atSeconds: number): number {
  const lines = invoice.lines.data.filter((line) => line.amount > 0 && line.period);
  if (lines.length === 0) return 0;
  return shareLeft(Math.min(...lines.map((line) => line.period.start)), Math.max(...lines.map((line) => line.period.end)), atSeconds);
}
