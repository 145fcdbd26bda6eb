import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import type { StripeEmulator } from "./index";
import {
  WEBHOOK_SECRET,
  formActions,
  startTestEmulator,
  startWebhookReceiver,
  stripeClient,
  submitForm,
  verifiedEvents,
  type WebhookReceiver,
} from "./test-support";

let emulator: StripeEmulator;
let stripe: Stripe;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startTestEmulator({ webhooks: { test: [{ url: receiver.url, secret: WEBHOOK_SECRET }] } });
  stripe = stripeClient(emulator);
});
beforeEach(async () => {
  await emulator.flushWebhooks();
  emulator.reset();
  receiver.received.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const DAY = 86_400;

async function enterprisePrice(amount = 375_000): Promise<{ product: Stripe.Product; price: Stripe.Price }> {
  const product = await stripe.products.create({ name: "Enterprise" });
  const price = await stripe.prices.create({
    product: product.id,
    currency: "usd",
    unit_amount: amount,
    recurring: { interval: "month" },
  });
  return { product, price };
}

/** A customer whose default payment method is a saved card (setup-mode Checkout). */
async function customerWithCard(email = "card@example.com"): Promise<Stripe.Customer> {
  const customer = await stripe.customers.create({ email });
  const session = await stripe.checkout.sessions.create({
    mode: "setup",
    customer: customer.id,
    currency: "usd",
    success_url: "http://localhost:3000/ok",
  });
  const html = await (await fetch(session.url ?? "")).text();
  const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
  expect((await submitForm(emulator.url, action)).status).toBe(303);
  return (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
}

async function eventTypes(): Promise<string[]> {
  await emulator.flushWebhooks();
  return verifiedEvents(receiver).map((event) => event.type);
}

describe("subscriptions billed by invoice (send_invoice)", () => {
  it("creates a draft that auto-finalizes an hour later; finalize, send and pay on the hosted page", async () => {
    const customer = await stripe.customers.create({ email: "buyer@acme.test", name: "Acme" });
    const { price } = await enterprisePrice();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
      metadata: { plan: "enterprise" },
    });
    expect(subscription).toMatchObject({ status: "active", collection_method: "send_invoice", days_until_due: 30 });
    const draft = await stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(draft).toMatchObject({
      status: "draft",
      auto_advance: true,
      amount_due: 375_000,
      billing_reason: "subscription_create",
      collection_method: "send_invoice",
      hosted_invoice_url: null,
      parent: { type: "subscription_details", subscription_details: { subscription: subscription.id, metadata: { plan: "enterprise" } } },
    });
    expect(draft.automatically_finalizes_at).toBe(draft.created + 3600);
    expect(draft.due_date).toBe(draft.created + 30 * DAY);
    expect(draft.lines.data[0]).toMatchObject({
      amount: 375_000,
      description: "Enterprise",
      pricing: { type: "price_details", price_details: { price: price.id } },
      parent: { type: "subscription_item_details" },
    });

    const finalized = await stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized.status).toBe("open");
    expect(finalized.number).toMatch(/-0001$/);
    expect(finalized.hosted_invoice_url).toBe(`${emulator.url}/invoice/${draft.id}`);
    const sent = await stripe.invoices.sendInvoice(draft.id);
    expect(sent.status).toBe("open");

    const page = await fetch(finalized.hosted_invoice_url ?? "");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("$3,750.00");
    expect(html).toContain("Pay invoice");
    expect(html).toContain("Open");
    const pdf = await fetch(finalized.invoice_pdf ?? "");
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect((await pdf.text()).startsWith("%PDF-1.4")).toBe(true);

    const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
    const paidResponse = await submitForm(emulator.url, action, { outcome: "succeed" });
    expect(paidResponse.status).toBe(303);
    const paid = await stripe.invoices.retrieve(draft.id);
    expect(paid).toMatchObject({ status: "paid", amount_paid: 375_000, amount_remaining: 0 });
    expect(await (await fetch(new URL(paidResponse.headers.get("location") ?? "", emulator.url))).text()).toContain("Invoice paid");

    expect(await eventTypes()).toEqual([
      "customer.created",
      "product.created",
      "price.created",
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      // Finalizing an auto-advancing send_invoice invoice emails it; the explicit send emails it again.
      "invoice.sent",
      "invoice.sent",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
    const created = verifiedEvents(receiver).map((event) => event.created);
    expect([...created].sort((a, b) => a - b)).toEqual(created);
  });

  it("finalizes and sends the draft by itself when the clock passes an hour", async () => {
    const customer = await stripe.customers.create({ email: "auto@acme.test" });
    const { price } = await enterprisePrice(10_000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id, quantity: 2 }],
      collection_method: "send_invoice",
      days_until_due: 14,
    });
    const start = emulator.now();
    emulator.advanceClock(3599);
    expect((await stripe.invoices.retrieve(String(subscription.latest_invoice))).status).toBe("draft");
    const result = emulator.advanceClock(2);
    expect(result.ran).toBe(1);
    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", amount_due: 20_000 });
    expect(invoice.status_transitions.finalized_at).toBe(invoice.created + 3600);
    expect(invoice.due_date).toBe(invoice.created + 14 * DAY);
    const types = await eventTypes();
    expect(types.slice(-2)).toEqual(["invoice.finalized", "invoice.sent"]);
    const finalizedEvent = verifiedEvents(receiver).find((event) => event.type === "invoice.finalized");
    expect(finalizedEvent?.created).toBe(start + 3600);

    // Unpaid past its due date: the subscription falls past due.
    emulator.advanceClock(14 * DAY);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("keeps a draft for review when auto_advance is turned off", async () => {
    const customer = await stripe.customers.create({ email: "review@acme.test" });
    const { price } = await enterprisePrice();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
    });
    const id = String(subscription.latest_invoice);
    const updated = await stripe.invoices.update(id, { auto_advance: false, description: "Reviewed by sales", metadata: { po: "PO-7" } });
    expect(updated).toMatchObject({ auto_advance: false, automatically_finalizes_at: null, description: "Reviewed by sales", metadata: { po: "PO-7" } });
    const [updatedEvent] = (await stripe.events.list({ type: "invoice.updated" })).data;
    expect(updatedEvent?.data.previous_attributes).toMatchObject({ auto_advance: true, description: null });

    emulator.advanceClock(2 * 3600);
    expect((await stripe.invoices.retrieve(id)).status).toBe("draft");
    const later = await stripe.invoices.update(id, { days_until_due: 45 });
    expect(later.due_date).toBe(later.created + 45 * DAY);
    const finalized = await stripe.invoices.finalizeInvoice(id, { auto_advance: false });
    expect(finalized.status).toBe("open");
    await expect(stripe.invoices.update(id, { days_until_due: 10 })).rejects.toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      code: "invoice_not_editable",
      param: "days_until_due",
    });
  });

  it("requires days_until_due for send_invoice", async () => {
    const customer = await stripe.customers.create({ email: "x@acme.test" });
    const { price } = await enterprisePrice();
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: "send_invoice" }),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_missing", param: "days_until_due" });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toHaveLength(0);
  });
});

describe("subscriptions charged automatically", () => {
  it("without a payment method: incomplete with an open invoice, active once paid", async () => {
    const customer = await stripe.customers.create({ email: "nocard@acme.test" });
    const { product } = await enterprisePrice();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price_data: { currency: "usd", product: product.id, unit_amount: 4_900, recurring: { interval: "month" } } }],
    });
    expect(subscription.status).toBe("incomplete");
    expect(subscription.items.data[0]?.price).toMatchObject({ unit_amount: 4_900, active: false, product: product.id });
    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(invoice).toMatchObject({ status: "open", amount_due: 4_900, collection_method: "charge_automatically" });
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ statusCode: 400 });
    await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    const active = await stripe.subscriptions.retrieve(subscription.id);
    expect(active.status).toBe("active");
    const [updated] = (await stripe.events.list({ type: "customer.subscription.updated" })).data;
    expect(updated?.data.previous_attributes).toEqual({ status: "incomplete" });
  });

  it("expires an incomplete subscription after 23 hours and voids its invoice", async () => {
    const customer = await stripe.customers.create({ email: "expire@acme.test" });
    const { price } = await enterprisePrice();
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: "default_incomplete",
    });
    emulator.advanceClock(23 * 3600);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("incomplete_expired");
    expect((await stripe.invoices.retrieve(String(subscription.latest_invoice))).status).toBe("void");
  });

  it("with a card on file: active and paid at once; renewals charge the card", async () => {
    const customer = await customerWithCard();
    const { price } = await enterprisePrice(2_000);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(subscription.status).toBe("active");
    const first = await stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(first).toMatchObject({ status: "paid", amount_paid: 2_000 });

    const end = subscription.items.data[0]?.current_period_end ?? 0;
    // The renewal is a draft for an hour (as on Stripe), then charged.
    emulator.advanceClock({ to: end + 3600 });
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]?.current_period_start).toBe(end);
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    expect(invoices.data.map((invoice) => [invoice.billing_reason, invoice.status])).toEqual([
      ["subscription_cycle", "paid"],
      ["subscription_create", "paid"],
    ]);
  });

  it("without a card, a renewal fails: invoice.payment_failed and past_due", async () => {
    const customer = await stripe.customers.create({ email: "renewfail@acme.test" });
    const { price } = await enterprisePrice(2_000);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.invoices.pay(String(subscription.latest_invoice), { paid_out_of_band: true });
    emulator.advanceClock({ to: (subscription.items.data[0]?.current_period_end ?? 0) + 3600 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");
    expect((await stripe.events.list({ type: "invoice.payment_failed" })).data).toHaveLength(1);
  });
});

describe("invoice transitions", () => {
  async function openInvoice(): Promise<Stripe.Invoice> {
    const customer = await stripe.customers.create({ email: "oneoff@acme.test" });
    const invoice = await stripe.invoices.create({
      customer: customer.id,
      collection_method: "send_invoice",
      days_until_due: 7,
      description: "Onboarding",
    });
    expect(invoice).toMatchObject({ status: "draft", auto_advance: false, amount_due: 0 });
    const item = await stripe.invoiceItems.create({
      customer: customer.id,
      invoice: invoice.id,
      amount: 50_000,
      currency: "usd",
      description: "Onboarding package",
    });
    expect(item).toMatchObject({ object: "invoiceitem", invoice: invoice.id, amount: 50_000, proration: false });
    const withLine = await stripe.invoices.retrieve(invoice.id);
    expect(withLine.amount_due).toBe(50_000);
    expect(withLine.lines.data[0]?.parent).toMatchObject({ type: "invoice_item_details", invoice_item_details: { invoice_item: item.id } });
    return stripe.invoices.finalizeInvoice(invoice.id);
  }

  it("voids an open invoice; a void invoice cannot be paid, voided again or finalized", async () => {
    const invoice = await openInvoice();
    const voided = await stripe.invoices.voidInvoice(invoice.id);
    expect(voided.status).toBe("void");
    expect(voided.status_transitions.voided_at).not.toBeNull();
    await expect(stripe.invoices.pay(invoice.id, { paid_out_of_band: true })).rejects.toMatchObject({
      statusCode: 400,
      type: "StripeInvalidRequestError",
      code: "invoice_not_editable",
    });
    await expect(stripe.invoices.voidInvoice(invoice.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(stripe.invoices.finalizeInvoice(invoice.id)).rejects.toMatchObject({
      statusCode: 400,
      message: "This invoice is already finalized, you can't re-finalize a non-draft invoice.",
    });
    expect((await stripe.events.list({ type: "invoice.voided" })).data).toHaveLength(1);
  });

  it("marks an open invoice uncollectible, which can still be paid", async () => {
    const invoice = await openInvoice();
    const marked = await stripe.invoices.markUncollectible(invoice.id);
    expect(marked.status).toBe("uncollectible");
    await expect(stripe.invoices.markUncollectible(invoice.id)).rejects.toMatchObject({ statusCode: 400 });
    const paid = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(paid.status).toBe("paid");
    await expect(stripe.invoices.pay(invoice.id, { paid_out_of_band: true })).rejects.toMatchObject({
      statusCode: 400,
      message: "Invoice is already paid",
    });
    const types = await eventTypes();
    expect(types.filter((type) => type.startsWith("invoice."))).toEqual([
      "invoice.created",
      "invoice.updated",
      "invoice.finalized",
      "invoice.marked_uncollectible",
      "invoice.paid",
      "invoice.payment_succeeded",
    ]);
  });

  it("deletes drafts only; send is for send_invoice; lists filter by status and collection method", async () => {
    const customer = await stripe.customers.create({ email: "drafts@acme.test" });
    const draft = await stripe.invoices.create({ customer: customer.id });
    const automatic = await stripe.invoices.create({ customer: customer.id, auto_advance: true });
    expect(automatic.automatically_finalizes_at).toBe(automatic.created + 3600);
    await expect(stripe.invoices.sendInvoice(draft.id)).rejects.toMatchObject({ statusCode: 400 });
    expect(await stripe.invoices.del(draft.id)).toEqual({ id: draft.id, object: "invoice", deleted: true });
    await expect(stripe.invoices.retrieve(draft.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    const open = await openInvoice();
    await expect(stripe.invoices.del(open.id)).rejects.toMatchObject({ statusCode: 400, message: "You can only delete draft invoices." });
    await expect(stripe.invoices.voidInvoice(automatic.id)).rejects.toMatchObject({ statusCode: 400 });
    expect((await stripe.invoices.list({ status: "open" })).data.map((invoice) => invoice.id)).toEqual([open.id]);
    expect((await stripe.invoices.list({ collection_method: "send_invoice" })).data.map((invoice) => invoice.id)).toEqual([open.id]);
    expect((await stripe.invoices.list({ customer: customer.id })).data.map((invoice) => invoice.id)).toEqual([automatic.id]);
  });

  it("pulls pending invoice items into a new invoice only when asked", async () => {
    const customer = await stripe.customers.create({ email: "pending@acme.test" });
    const { product } = await enterprisePrice();
    await stripe.invoiceItems.create({
      customer: customer.id,
      price_data: { currency: "usd", product: product.id, unit_amount: 1_500 },
      quantity: 3,
    });
    const excluded = await stripe.invoices.create({ customer: customer.id });
    expect(excluded.lines.data).toHaveLength(0);
    const included = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: "include" });
    expect(included.amount_due).toBe(4_500);
    expect(included.lines.data[0]).toMatchObject({ quantity: 3, amount: 4_500 });
    const paid = await stripe.invoices.pay(included.id, { paid_out_of_band: true });
    expect(paid.status).toBe("paid");
    expect(paid.number).not.toBeNull();
  });
});
