import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { formActions, setupTestEmulator, submitForm } from "./test-support";

const { stripe } = await setupTestEmulator();

/** A subscription bought through the hosted Checkout's Pay button. */
async function paidCheckoutSubscription(): Promise<Stripe.Subscription> {
  const customer = await stripe.customers.create({ email: "buyer@acme.test" });
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    success_url: "http://127.0.0.1/done",
    line_items: [{ quantity: 2, price_data: { currency: "usd", unit_amount: 2_500, product_data: { name: "Pro" }, recurring: { interval: "month" } } }],
  });
  const html = await (await fetch(session.url ?? "")).text();
  const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
  expect((await submitForm(session.url ?? "", action)).status).toBe(303);
  const completed = await stripe.checkout.sessions.retrieve(session.id);
  return stripe.subscriptions.retrieve(String(completed.subscription));
}

describe("invoice payments and refunds", () => {
  it("a Checkout-paid invoice has its PaymentIntent as its payment; a refund gives it back, in parts or whole, never twice", async () => {
    const subscription = await paidCheckoutSubscription();
    const payments = await stripe.invoicePayments.list({ invoice: String(subscription.latest_invoice) });
    expect(payments.data).toEqual([
      expect.objectContaining({ object: "invoice_payment", amount_paid: 5_000, status: "paid", is_default: true, payment: { type: "payment_intent", payment_intent: expect.stringMatching(/^pi_/) } }),
    ]);
    const intentId = String(payments.data[0]?.payment.payment_intent);
    expect(await stripe.paymentIntents.retrieve(intentId)).toMatchObject({ status: "succeeded", amount_received: 5_000 });

    const part = await stripe.refunds.create({ payment_intent: intentId, amount: 1_000, reason: "requested_by_customer" });
    expect(part).toMatchObject({ object: "refund", amount: 1_000, payment_intent: intentId, status: "succeeded", reason: "requested_by_customer" });
    await expect(stripe.refunds.create({ payment_intent: intentId, amount: 4_001 })).rejects.toMatchObject({ statusCode: 400, code: "amount_too_large" });
    const rest = await stripe.refunds.create({ payment_intent: intentId, reason: "duplicate" }, { idempotencyKey: "refund-rest" });
    expect(rest.amount).toBe(4_000);
    // The same key answers the same refund; a new request has nothing left to refund.
    expect((await stripe.refunds.create({ payment_intent: intentId, reason: "duplicate" }, { idempotencyKey: "refund-rest" })).id).toBe(rest.id);
    await expect(stripe.refunds.create({ payment_intent: intentId })).rejects.toMatchObject({ statusCode: 400, code: "charge_already_refunded" });
    expect((await stripe.refunds.list({ payment_intent: intentId })).data.map((refund) => refund.amount)).toEqual([4_000, 1_000]);
    expect((await stripe.events.list({ type: "refund.created" })).data).toHaveLength(2);
    await expect(stripe.refunds.create({ payment_intent: "pi_missing" })).rejects.toMatchObject({ statusCode: 404 });
  });
});
