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
beforeEach(() => {
  emulator.reset();
  receiver.received.length = 0;
});
afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const PRO_MONTHLY: Stripe.Checkout.SessionCreateParams.LineItem = {
  quantity: 1,
  price_data: {
    currency: "usd",
    unit_amount: 2900,
    product_data: { name: "Equinox Pro" },
    recurring: { interval: "month" },
  },
};

async function pay(session: Stripe.Checkout.Session, fields: Record<string, string> = {}): Promise<Response> {
  if (session.url === null) throw new Error("session has no hosted url");
  const page = await fetch(session.url);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toContain("text/html");
  const html = await page.text();
  const payAction = formActions(html).find((action) => action.endsWith("/pay"));
  if (payAction === undefined) throw new Error("no pay form on the hosted page");
  return submitForm(session.url, payAction, fields);
}

describe("checkout: subscription mode", () => {
  it("completes through the hosted page, creates an active subscription and delivers signed events", async () => {
    const customer = await stripe.customers.create({ email: "buyer@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [PRO_MONTHLY],
      success_url: "http://localhost:3000/billing/success?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost:3000/billing",
      client_reference_id: "org_42",
      metadata: { org_id: "org_42" },
      subscription_data: { metadata: { org_id: "org_42", plan: "pro" } },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      amount_total: 2900,
      currency: "usd",
      customer: customer.id,
      client_reference_id: "org_42",
      livemode: false,
      url: `${emulator.url}/checkout/${session.id}`,
    });
    expect(session.line_items).toBeUndefined();

    const page = await fetch(session.url ?? "");
    const html = await page.text();
    expect(html).toContain("Equinox Pro");
    expect(html).toContain("$29.00");
    expect(html).not.toMatch(/<script|<link|src="http/i);

    const response = await pay(session);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(
      `http://localhost:3000/billing/success?session_id=${session.id}`,
    );

    const completed = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["subscription", "line_items"],
    });
    expect(completed.status).toBe("complete");
    expect(completed.payment_status).toBe("paid");
    expect(completed.line_items?.data[0]).toMatchObject({ object: "item", amount_total: 2900, quantity: 1 });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription).toMatchObject({
      object: "subscription",
      status: "active",
      customer: customer.id,
      metadata: { org_id: "org_42", plan: "pro" },
      cancel_at_period_end: false,
    });
    expect(subscription.id).toMatch(/^sub_/);
    const item = subscription.items.data[0];
    expect(item?.price).toMatchObject({ unit_amount: 2900, currency: "usd", recurring: { interval: "month" } });
    expect(item?.current_period_end).toBeGreaterThan(item?.current_period_start ?? Infinity);
    expect((item?.current_period_end ?? 0) - (item?.current_period_start ?? 0)).toBeGreaterThanOrEqual(28 * 86_400);

    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data).toHaveLength(1);
    expect(invoices.data[0]).toMatchObject({
      status: "paid",
      amount_paid: 2900,
      billing_reason: "subscription_create",
      parent: { subscription_details: { subscription: subscription.id } },
    });
    expect(subscription.latest_invoice).toBe(invoices.data[0]?.id);

    const methods = await stripe.paymentMethods.list({ customer: customer.id, type: "card" });
    expect(methods.data[0]).toMatchObject({ type: "card", card: { last4: "4242" } });
    expect(subscription.default_payment_method).toBe(methods.data[0]?.id);

    const subscriptions = await stripe.subscriptions.list({ customer: customer.id });
    expect(subscriptions.data.map((sub) => sub.id)).toEqual([subscription.id]);

    await emulator.flushWebhooks();
    const events = verifiedEvents(receiver);
    const types = events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "customer.created",
        "customer.subscription.created",
        "invoice.paid",
        "checkout.session.completed",
      ]),
    );
    expect(types.indexOf("customer.subscription.created")).toBeLessThan(types.indexOf("checkout.session.completed"));
    const completedEvent = events.find((event) => event.type === "checkout.session.completed");
    if (completedEvent?.type !== "checkout.session.completed") throw new Error("missing event");
    expect(completedEvent.data.object).toMatchObject({
      id: session.id,
      subscription: subscription.id,
      client_reference_id: "org_42",
      metadata: { org_id: "org_42" },
    });
    expect(completedEvent.livemode).toBe(false);
    const created = events.find((event) => event.type === "customer.subscription.created");
    if (created?.type !== "customer.subscription.created") throw new Error("missing event");
    expect(created.data.object.status).toBe("active");

    // The same events are listable through the API.
    const listed = await stripe.events.list({ type: "checkout.session.completed" });
    expect(listed.data.map((event) => event.id)).toEqual([completedEvent.id]);
  });

  it("creates the customer itself when none is given, and supports trials", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "trial@example.com",
      line_items: [PRO_MONTHLY],
      success_url: "http://localhost:3000/ok",
      subscription_data: { trial_period_days: 14 },
    });
    expect((await pay(session)).status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["customer", "subscription"] });
    expect(completed.payment_status).toBe("no_payment_required");
    expect(completed.customer).toMatchObject({ object: "customer", email: "trial@example.com" });
    const subscription = completed.subscription as Stripe.Subscription;
    expect(subscription.status).toBe("trialing");
    expect((subscription.trial_end ?? 0) - (subscription.trial_start ?? 0)).toBe(14 * 86_400);
  });

  it("redirects the Cancel link to cancel_url and leaves the session open", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [PRO_MONTHLY],
      success_url: "http://localhost:3000/ok",
      cancel_url: "http://localhost:3000/pricing?canceled=1",
    });
    const html = await (await fetch(session.url ?? "")).text();
    const cancelHref = /href="([^"]*\/cancel)"/.exec(html)?.[1];
    expect(cancelHref).toBeDefined();
    const response = await fetch(new URL(cancelHref ?? "", emulator.url), { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://localhost:3000/pricing?canceled=1");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("shows a decline without completing the session", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [PRO_MONTHLY],
      success_url: "http://localhost:3000/ok",
    });
    const response = await pay(session, { outcome: "decline" });
    expect(response.status).toBe(402);
    expect(await response.text()).toContain("declined");
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    expect((await stripe.subscriptions.list()).data).toHaveLength(0);
  });
});

describe("checkout: setup and payment modes", () => {
  it("setup mode saves a card, attaches it and makes it the default", async () => {
    const customer = await stripe.customers.create({ email: "setup@example.com" });
    const session = await stripe.checkout.sessions.create({
      mode: "setup",
      customer: customer.id,
      currency: "usd",
      success_url: "http://localhost:3000/cards?session={CHECKOUT_SESSION_ID}",
    });
    expect(session.payment_status).toBe("no_payment_required");
    expect(session.amount_total).toBeNull();
    const response = await pay(session);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://localhost:3000/cards?session=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["setup_intent"] });
    expect(completed.status).toBe("complete");
    expect(completed.payment_status).toBe("no_payment_required");
    const intent = completed.setup_intent as Stripe.SetupIntent;
    expect(intent.id).toMatch(/^seti_/);
    expect(intent.status).toBe("succeeded");
    expect(intent.customer).toBe(customer.id);

    const updated = await stripe.customers.retrieve(customer.id);
    if (updated.deleted) throw new Error("customer deleted");
    expect(updated.invoice_settings.default_payment_method).toBe(intent.payment_method);
    const methods = await stripe.customers.listPaymentMethods(customer.id);
    expect(methods.data.map((method) => method.id)).toEqual([intent.payment_method]);
  });

  it("payment mode creates a succeeded payment intent", async () => {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        { quantity: 3, price_data: { currency: "eur", unit_amount: 500, product_data: { name: "Credits" } } },
      ],
      success_url: "http://localhost:3000/ok",
      payment_intent_data: { metadata: { pack: "credits" } },
    });
    expect(session.amount_total).toBe(1500);
    expect((await pay(session)).status).toBe(303);
    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ["payment_intent"] });
    expect(completed.payment_status).toBe("paid");
    expect(completed.customer).toBeNull();
    expect(completed.payment_intent).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount: 1500,
      currency: "eur",
      metadata: { pack: "credits" },
    });
  });

  it("works with a price created through the API", async () => {
    const price = await stripe.prices.create({
      currency: "usd",
      unit_amount: 9900,
      recurring: { interval: "year" },
      product_data: { name: "Equinox Team (annual)" },
      lookup_key: "team_annual",
    });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: "http://localhost:3000/ok",
    });
    expect(session.amount_total).toBe(19_800);
    await pay(session);
    const subscription = (await stripe.subscriptions.list()).data[0];
    expect(subscription?.items.data[0]).toMatchObject({ quantity: 2, price: { id: price.id } });
  });
});

describe("checkout: validation", () => {
  it("requires success_url for hosted sessions", async () => {
    const error = await stripe.checkout.sessions
      .create({ mode: "subscription", line_items: [PRO_MONTHLY] })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: "parameter_missing", param: "success_url" });
  });

  it("requires line_items in payment and subscription mode", async () => {
    await expect(
      stripe.checkout.sessions.create({ mode: "payment", success_url: "http://localhost/ok" }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "line_items" });
  });

  it("names the nested param that is missing or wrong", async () => {
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        success_url: "http://localhost/ok",
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 100, product_data: { name: "X" }, recurring: { interval: "fortnight" as "month" } } }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items[0][price_data][recurring][interval]" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        success_url: "http://localhost/ok",
        line_items: [{ quantity: 1, price_data: { currency: "usd", unit_amount: 100, recurring: { interval: "month" } } }],
      }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "line_items[0][price_data][product_data]" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        success_url: "http://localhost/ok",
        line_items: [PRO_MONTHLY],
      }),
    ).rejects.toMatchObject({ statusCode: 400, param: "line_items[0]" });
    await expect(
      stripe.checkout.sessions.create({
        mode: "subscription",
        customer: "cus_missing",
        success_url: "http://localhost/ok",
        line_items: [PRO_MONTHLY],
      }),
    ).rejects.toMatchObject({ statusCode: 404, code: "resource_missing", param: "customer" });
    await expect(stripe.checkout.sessions.retrieve("cs_test_missing")).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
  });

  it("embedded sessions need return_url instead of success_url and have no hosted url", async () => {
    await expect(
      stripe.checkout.sessions.create({ mode: "subscription", ui_mode: "embedded_page", line_items: [PRO_MONTHLY] }),
    ).rejects.toMatchObject({ code: "parameter_missing", param: "return_url" });
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      ui_mode: "embedded_page",
      line_items: [PRO_MONTHLY],
      return_url: "http://localhost/return?session_id={CHECKOUT_SESSION_ID}",
    });
    expect(session.url).toBeNull();
    expect(session.client_secret).toMatch(/^cs_test_.+_secret_/);
  });
});
