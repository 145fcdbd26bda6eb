import Stripe from "stripe";
import { describe, expect, it } from "vitest";

import { formActions, setupTestEmulator, submitForm } from "./test-support";

const { emulator, stripe } = await setupTestEmulator();

const DAY = 86_400;
/** A renewal invoice is an auto-advancing draft that Stripe finalizes an hour after it is made. */
const HOUR = 3_600;

async function monthlyPrice(name: string, amount: number, productId?: string): Promise<Stripe.Price> {
  const product = productId ?? (await stripe.products.create({ name })).id;
  return stripe.prices.create({ product, currency: "usd", unit_amount: amount, recurring: { interval: "month" } });
}

/** A send_invoice subscription whose first invoice is paid, so later invoices stand alone. */
async function invoicedSubscription(
  price: Stripe.Price,
  extra: Partial<Stripe.SubscriptionCreateParams> = {},
): Promise<Stripe.Subscription> {
  const customer = await stripe.customers.create({ email: "changes@acme.test" });
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price.id }],
    collection_method: "send_invoice",
    days_until_due: 30,
    ...extra,
  });
  const first = String(subscription.latest_invoice);
  if ((await stripe.invoices.retrieve(first)).status === "draft") {
    await stripe.invoices.pay(first, { paid_out_of_band: true });
  }
  return stripe.subscriptions.retrieve(subscription.id);
}

function period(subscription: Stripe.Subscription): { start: number; end: number } {
  const item = subscription.items.data[0];
  return { start: item?.current_period_start ?? 0, end: item?.current_period_end ?? 0 };
}

/** A proration date exactly halfway through the period, so every amount halves exactly. */
function halfway(subscription: Stripe.Subscription): number {
  const { start, end } = period(subscription);
  return start + (end - start) / 2;
}

describe("prorations", () => {
  it("an upgrade halfway through credits half the old price and charges half the new one", async () => {
    const starter = await monthlyPrice("Starter", 1_000);
    const pro = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(starter);
    const itemId = subscription.items.data[0]?.id ?? "";
    const prorationDate = halfway(subscription);

    const preview = await stripe.invoices.createPreview({
      subscription: subscription.id,
      subscription_details: {
        items: [{ id: itemId, price: pro.id }],
        proration_behavior: "create_prorations",
        proration_date: prorationDate,
      },
    });
    expect(preview.id).toMatch(/^upcoming_in_/);
    const prorations = preview.lines.data.filter((line) => line.parent?.subscription_item_details?.proration);
    expect(prorations.map((line) => line.amount)).toEqual([-500, 1_500]);
    expect(prorations[0]?.description).toMatch(/^Unused time on Starter after /);
    expect(prorations[1]?.description).toMatch(/^Remaining time on Pro after /);
    // Next invoice: the prorations plus the next month of Pro.
    expect(preview.amount_due).toBe(-500 + 1_500 + 3_000);
    expect(preview.billing_reason).toBe("subscription_cycle");

    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, price: pro.id }],
      proration_behavior: "create_prorations",
      proration_date: prorationDate,
    });
    expect(updated.items.data).toHaveLength(1);
    expect(updated.items.data[0]).toMatchObject({ id: itemId, price: { id: pro.id } });
    const pending = await stripe.invoiceItems.list({ customer: String(subscription.customer), pending: true });
    expect(pending.data.map((item) => [item.amount, item.proration]).sort()).toEqual([[-500, true], [1_500, true]].sort());
    const [event] = (await stripe.events.list({ type: "customer.subscription.updated" })).data;
    expect(event?.data.previous_attributes).toHaveProperty("items");

    // The renewal invoice carries the prorations.
    emulator.advanceClock({ to: period(subscription).end + HOUR });
    const invoices = await stripe.invoices.list({ subscription: subscription.id });
    const renewal = invoices.data[0];
    expect(renewal).toMatchObject({ billing_reason: "subscription_cycle", status: "open", amount_due: 4_000 });
    expect(renewal?.due_date).toBe((renewal?.created ?? 0) + 30 * DAY);
  });

  it("a quantity change with always_invoice bills the difference at once", async () => {
    const seat = await monthlyPrice("Seat", 1_000);
    const subscription = await invoicedSubscription(seat);
    const itemId = subscription.items.data[0]?.id ?? "";
    const updated = await stripe.subscriptions.update(subscription.id, {
      items: [{ id: itemId, quantity: 3 }],
      proration_behavior: "always_invoice",
      proration_date: halfway(subscription),
    });
    expect(updated.items.data[0]?.quantity).toBe(3);
    const invoice = await stripe.invoices.retrieve(String(updated.latest_invoice));
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "open", amount_due: 1_000 });
    expect(invoice.lines.data.map((line) => [line.amount, line.quantity])).toEqual([
      [-500, 1],
      [1_500, 3],
    ]);
    expect(invoice.lines.data[1]?.description).toMatch(/^Remaining time on 3 × Seat after /);
    expect(await stripe.invoiceItems.list({ pending: true })).toMatchObject({ data: [] });
  });

  it("proration_behavior none changes the plan without any charge", async () => {
    const starter = await monthlyPrice("Starter", 1_000);
    const pro = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(starter);
    await stripe.subscriptions.update(subscription.id, {
      items: [{ id: subscription.items.data[0]?.id ?? "", deleted: true }, { price: pro.id }],
      proration_behavior: "none",
    });
    const after = await stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((item) => item.price.id)).toEqual([pro.id]);
    expect((await stripe.invoiceItems.list({ pending: true })).data).toHaveLength(0);
  });

  it("refuses changes that do not exist or cannot be", async () => {
    const starter = await monthlyPrice("Starter", 1_000);
    const subscription = await invoicedSubscription(starter);
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ id: "si_nope", quantity: 2 }] }),
    ).rejects.toMatchObject({ statusCode: 400, code: "resource_missing", param: "items[0][id]" });
    await expect(
      stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]?.id ?? "", deleted: true }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "items" });
  });
});

describe("cancellation", () => {
  it("cancels at period end, uncancels, then ends at period end for good", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(price);
    const { end } = period(subscription);
    const cancelling = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(cancelling).toMatchObject({ cancel_at_period_end: true, cancel_at: end, status: "active" });
    await expect(
      stripe.invoices.createPreview({ subscription: subscription.id }),
    ).rejects.toMatchObject({ statusCode: 404, code: "invoice_upcoming_none" });

    const resumed = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    const next = await stripe.invoices.createPreview({ subscription: subscription.id });
    expect(next.amount_due).toBe(3_000);

    await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    emulator.advanceClock({ to: end });
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: end });
    expect((await stripe.events.list({ type: "customer.subscription.deleted" })).data).toHaveLength(1);
    await expect(stripe.subscriptions.update(subscription.id, { cancel_at_period_end: false })).rejects.toMatchObject({
      statusCode: 400,
      message: "A canceled subscription can only update its cancellation_details and metadata.",
    });
  });

  it("cancels now with a prorated credit invoiced at once", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(price);
    const { start, end } = period(subscription);
    emulator.advanceClock({ to: start + (end - start) / 2 });
    const canceled = await stripe.subscriptions.cancel(subscription.id, { prorate: true, invoice_now: true });
    expect(canceled.status).toBe("canceled");
    const [finalInvoice] = (await stripe.invoices.list({ subscription: subscription.id })).data;
    expect(finalInvoice?.lines.data.map((line) => line.amount)).toEqual([-1_500]);
    expect(finalInvoice).toMatchObject({ total: -1_500, amount_due: 0, status: "paid" });
  });
});

describe("scheduled starts and ends", () => {
  it("a future billing_cycle_anchor bills the time until it, prorated", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const customer = await stripe.customers.create({ email: "anchor@acme.test" });
    const now = emulator.now();
    const anchor = now + 10 * DAY;
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
      billing_cycle_anchor: anchor,
    });
    expect(subscription.billing_cycle_anchor).toBe(anchor);
    expect(period(subscription).end).toBe(anchor);
    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice));
    const monthLength = new Date(now * 1000);
    monthLength.setUTCMonth(monthLength.getUTCMonth() + 1);
    const full = Math.floor(monthLength.getTime() / 1000) - subscription.created;
    expect(invoice.amount_due).toBe(Math.round((3_000 * (anchor - subscription.created)) / full));
    expect(invoice.amount_due).toBeGreaterThan(900);
    expect(invoice.amount_due).toBeLessThan(1_100);
  });

  it("cancel_at in the middle of a period ends the subscription then", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(price);
    const cancelAt = period(subscription).start + 5 * DAY;
    const updated = await stripe.subscriptions.update(subscription.id, { cancel_at: cancelAt });
    expect(updated).toMatchObject({ cancel_at: cancelAt, cancel_at_period_end: false });
    emulator.advanceClock({ to: cancelAt - 1 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
    emulator.advanceClock(1);
    expect(await stripe.subscriptions.retrieve(subscription.id)).toMatchObject({ status: "canceled", ended_at: cancelAt });
    const cleared = await invoicedSubscription(price);
    await stripe.subscriptions.update(cleared.id, { cancel_at: period(cleared).start + 5 * DAY });
    expect((await stripe.subscriptions.update(cleared.id, { cancel_at: "" })).cancel_at).toBeNull();
  });
});

describe("time", () => {
  it("renews a send_invoice subscription every period with an open invoice due in days_until_due", async () => {
    const price = await monthlyPrice("Enterprise", 375_000);
    const subscription = await invoicedSubscription(price);
    const firstEnd = period(subscription).end;
    emulator.advanceClock({ to: firstEnd });
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(period(renewed).start).toBe(firstEnd);
    // As on Stripe: the renewal starts as an auto-advancing draft (invoice.created), finalized an hour later.
    const [draft] = (await stripe.invoices.list({ subscription: subscription.id, status: "draft" })).data;
    expect(draft).toMatchObject({ billing_reason: "subscription_cycle", auto_advance: true, automatically_finalizes_at: firstEnd + HOUR });
    expect((await stripe.events.list({ type: "invoice.created" })).data[0]?.data.object).toMatchObject({ id: draft?.id, status: "draft" });
    emulator.advanceClock({ to: firstEnd + HOUR });
    const [invoice] = (await stripe.invoices.list({ subscription: subscription.id, status: "open" })).data;
    expect(invoice?.id).toBe(draft?.id);
    expect(invoice?.status_transitions.finalized_at).toBe(firstEnd + HOUR);
    expect(invoice).toMatchObject({
      billing_reason: "subscription_cycle",
      amount_due: 375_000,
      created: firstEnd,
      due_date: firstEnd + 30 * DAY,
      period_start: period(subscription).start,
      period_end: firstEnd,
    });
    expect((await stripe.events.list({ type: "invoice.sent" })).data[0]?.data.object).toMatchObject({ id: invoice?.id });

    // Pay it the way a customer does: the hosted page's button.
    const html = await (await fetch(invoice?.hosted_invoice_url ?? "")).text();
    const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
    expect((await submitForm(emulator.url, action)).status).toBe(303);
    expect((await stripe.invoices.retrieve(invoice?.id ?? "")).status).toBe("paid");
    expect(emulator.now()).toBeGreaterThanOrEqual(firstEnd);
  });

  it("a trial warns three days before it ends, then bills; trial_end=now ends it at once", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(price, { trial_period_days: 14 });
    expect(subscription.status).toBe("trialing");
    const trialEnd = subscription.trial_end ?? 0;
    emulator.advanceClock({ to: trialEnd - 3 * DAY - 1 });
    expect((await stripe.events.list({ type: "customer.subscription.trial_will_end" })).data).toHaveLength(0);
    emulator.advanceClock(1);
    const [warning] = (await stripe.events.list({ type: "customer.subscription.trial_will_end" })).data;
    expect(warning?.created).toBe(trialEnd - 3 * DAY);

    const other = await invoicedSubscription(price, { trial_period_days: 30 });
    const ended = await stripe.subscriptions.update(other.id, { trial_end: "now", proration_behavior: "none" });
    expect(ended.status).toBe("active");
    const invoice = await stripe.invoices.retrieve(String(ended.latest_invoice));
    expect(invoice).toMatchObject({ billing_reason: "subscription_update", status: "open", amount_due: 3_000 });

    emulator.advanceClock({ to: trialEnd + HOUR });
    const afterTrial = await stripe.subscriptions.retrieve(subscription.id);
    expect(afterTrial.status).toBe("active");
    const [renewal] = (await stripe.invoices.list({ subscription: subscription.id })).data;
    expect(renewal).toMatchObject({ status: "open", amount_due: 3_000 });
  });

  it("exposes the clock over HTTP for other processes", async () => {
    const before = (await (await fetch(`${emulator.url}/_emulator/clock`)).json()) as { now: number };
    const response = await fetch(`${emulator.url}/_emulator/clock/advance`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ seconds: 7 * DAY }),
    });
    expect(response.status).toBe(200);
    const after = (await response.json()) as { now: number; ran: number };
    expect(after.now - before.now).toBeGreaterThanOrEqual(7 * DAY);
    expect(after.now - before.now).toBeLessThan(7 * DAY + 60);
    const refused = await fetch(`${emulator.url}/_emulator/clock/advance`, {
      method: "POST",
      body: JSON.stringify({ seconds: -5 }),
    });
    expect(refused.status).toBe(400);
  });

  it("pays an open invoice over HTTP as the hosted page does", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const customer = await stripe.customers.create({ email: "http@acme.test" });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: "send_invoice",
      days_until_due: 7,
    });
    const id = String(subscription.latest_invoice);
    await stripe.invoices.finalizeInvoice(id);
    const response = await fetch(`${emulator.url}/_emulator/invoices/${id}/pay`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Stripe.Invoice).status).toBe("paid");
  });
});

describe("coupons and promotion codes", () => {
  it("discounts subscription invoices: percent off forever, amount off once", async () => {
    const price = await monthlyPrice("Pro", 10_000);
    const percent = await stripe.coupons.create({ percent_off: 20, duration: "forever", name: "Partner" });
    expect(percent).toMatchObject({ object: "coupon", percent_off: 20, duration: "forever", valid: true });
    const customer = await stripe.customers.create({ email: "coupon@acme.test" });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
      discounts: [{ coupon: percent.id }],
    });
    expect(subscription.discounts).toHaveLength(1);
    const invoice = await stripe.invoices.retrieve(String(subscription.latest_invoice));
    expect(invoice).toMatchObject({ subtotal: 10_000, total: 8_000, amount_due: 8_000 });
    expect(invoice.total_discount_amounts).toEqual([{ amount: 2_000, discount: subscription.discounts[0] }]);
    expect(invoice.lines.data[0]?.discount_amounts).toEqual([{ amount: 2_000, discount: subscription.discounts[0] }]);
    const discount = await stripe.subscriptions.retrieve(subscription.id, { expand: ["discounts"] });
    expect(discount.discounts[0]).toMatchObject({ object: "discount", source: { type: "coupon", coupon: percent.id } });
    expect((await stripe.coupons.retrieve(percent.id)).times_redeemed).toBe(1);

    const once = await stripe.coupons.create({ amount_off: 2_500, currency: "usd", duration: "once" });
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: once.id }, code: "WELCOME25" });
    const listed = await stripe.promotionCodes.list({ code: "welcome25", limit: 1, expand: ["data.promotion.coupon"] });
    expect(listed.data.map((code) => code.id)).toEqual([promo.id]);
    expect(listed.data[0]?.promotion.coupon).toMatchObject({ object: "coupon", id: once.id, amount_off: 2_500 });
    const other = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      collection_method: "send_invoice",
      days_until_due: 30,
      discounts: [{ promotion_code: promo.id }],
    });
    const first = await stripe.invoices.finalizeInvoice(String(other.latest_invoice));
    expect(first.amount_due).toBe(7_500);
    expect((await stripe.subscriptions.retrieve(other.id)).discounts).toHaveLength(0);
    emulator.advanceClock({ to: period(other).end });
    const [renewal] = (await stripe.invoices.list({ subscription: other.id })).data;
    expect(renewal?.amount_due).toBe(10_000);
  });

  it("previews a discount, and rejects unknown or inactive codes", async () => {
    const price = await monthlyPrice("Pro", 10_000);
    const customer = await stripe.customers.create({ email: "preview@acme.test" });
    const coupon = await stripe.coupons.create({ percent_off: 50, duration: "repeating", duration_in_months: 3 });
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 2 }] },
      discounts: [{ coupon: coupon.id }],
    });
    expect(preview).toMatchObject({ billing_reason: "subscription_create", subtotal: 20_000, total: 10_000 });
    expect((await stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0);

    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: "NOPE" }] }),
    ).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", param: "discounts[0][coupon]" });
    const promo = await stripe.promotionCodes.create({ promotion: { type: "coupon", coupon: coupon.id }, code: "HALF" });
    await stripe.promotionCodes.update(promo.id, { active: false });
    await expect(
      stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ promotion_code: promo.id }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: "discounts[0][promotion_code]" });
    await expect(stripe.coupons.create({ percent_off: 10, amount_off: 100, currency: "usd" })).rejects.toMatchObject({ statusCode: 400 });
  });

  it("applies a coupon in Checkout to the session total and the subscription it creates", async () => {
    const price = await monthlyPrice("Pro", 10_000);
    const coupon = await stripe.coupons.create({ percent_off: 10, duration: "forever" });
    const customer = await stripe.customers.create({ email: "checkout@acme.test" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      success_url: "http://localhost:3000/ok",
      line_items: [{ price: price.id, quantity: 1 }],
      discounts: [{ coupon: coupon.id }],
    });
    expect(session).toMatchObject({
      amount_subtotal: 10_000,
      amount_total: 9_000,
      total_details: { amount_discount: 1_000 },
      discounts: [{ coupon: coupon.id, promotion_code: null }],
    });
    const html = await (await fetch(session.url ?? "")).text();
    const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
    expect((await submitForm(emulator.url, action)).status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id);
    const subscription = await stripe.subscriptions.retrieve(String(completed.subscription));
    expect(subscription.discounts).toHaveLength(1);
    expect((await stripe.invoices.retrieve(String(subscription.latest_invoice))).amount_paid).toBe(9_000);
  });
});

describe("invoice details", () => {
  it("adding an item to a draft emits invoice.updated; a declined card on the hosted page fails the payment", async () => {
    const customer = await stripe.customers.create({ email: "details@acme.test" });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: "send_invoice", due_date: emulator.now() + 5 * DAY });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 700, currency: "usd" });
    const [updated] = (await stripe.events.list({ type: "invoice.updated" })).data;
    expect(updated?.data.previous_attributes).toMatchObject({ amount_due: 0, total: 0 });
    const open = await stripe.invoices.finalizeInvoice(draft.id, { expand: ["confirmation_secret"] });
    expect(open.confirmation_secret).toMatchObject({ type: "payment_intent" });

    const html = await (await fetch(open.hosted_invoice_url ?? "")).text();
    const action = formActions(html).find((candidate) => candidate.endsWith("/pay")) ?? "";
    const declined = await submitForm(emulator.url, action, { outcome: "decline" });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain("declined");
    expect(await stripe.invoices.retrieve(draft.id)).toMatchObject({ status: "open", attempt_count: 1 });
    expect((await stripe.events.list({ type: "invoice.payment_failed" })).data).toHaveLength(1);
    expect((await fetch(`${emulator.url}/invoice/in_missing`)).status).toBe(404);
  });
});

describe("create_preview", () => {
  it("previews the next renewal, and one-off invoice items for a customer", async () => {
    const price = await monthlyPrice("Pro", 3_000);
    const subscription = await invoicedSubscription(price);
    const next = await stripe.invoices.createPreview({ subscription: subscription.id });
    expect(next).toMatchObject({
      object: "invoice",
      billing_reason: "subscription_cycle",
      amount_due: 3_000,
      status: "draft",
      parent: { subscription_details: { subscription: subscription.id } },
    });
    expect(next.lines.data[0]?.period).toEqual({ start: period(subscription).end, end: expect.any(Number) });
    await expect(stripe.invoices.retrieve(next.id ?? "")).rejects.toMatchObject({ statusCode: 404 });

    const customer = await stripe.customers.create({ email: "oneoff@acme.test" });
    const oneOff = await stripe.invoices.createPreview({
      customer: customer.id,
      invoice_items: [{ amount: 12_345, currency: "usd", description: "Setup fee" }],
    });
    expect(oneOff).toMatchObject({ amount_due: 12_345, billing_reason: "manual" });
    await expect(stripe.invoices.createPreview({ customer: customer.id })).rejects.toMatchObject({
      statusCode: 400,
      code: "invoice_no_customer_line_items",
    });
  });
});
