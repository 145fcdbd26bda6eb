// The Stripe webhook route against the test file's emulator: signatures, processing each event
// once, and what each event does (checkout, subscriptions, invoices, customer edits and deletes).
import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestApiKey, createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx, apiRequest } from "@/tests/factories/customers";
import {
  TEST_WEBHOOK_SECRETS,
  createPaidTestPlan,
  deliverWebhooksTo,
  payHostedCheckout,
  signedWebhookRequest,
  testEmulator,
  testStripe,
} from "@/tests/factories/billing";
import { getCustomer } from "@/lib/customers/get-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { ensureStripeCustomer } from "@/lib/billing/ensure-stripe-customer";
import { openCustomerPortal } from "@/lib/billing/open-customer-portal";
import { setupPayment } from "@/lib/billing/setup-payment";
import { STRIPE_AUDIT } from "@/lib/billing/audit-actions";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { POST as attachRoute } from "@/app/v1/billing.attach/route";
import { POST } from "./route";

let forwarder: Awaited<ReturnType<typeof deliverWebhooksTo>>;
beforeAll(async () => {
  forwarder = await deliverWebhooksTo(POST);
});
afterAll(() => forwarder.close());

/** Runs `fn` with webhook delivery paused (to replay events by hand, in any order). */
async function withoutDelivery<T>(fn: () => Promise<T>): Promise<T> {
  testEmulator().setWebhooks({});
  try {
    return await fn();
  } finally {
    testEmulator().setWebhooks({ test: [{ url: forwarder.url, secret: TEST_WEBHOOK_SECRETS.sandbox }], live: [{ url: forwarder.url, secret: TEST_WEBHOOK_SECRETS.live }] });
  }
}

async function attachPaidPlan(options: { interval?: "month" | "one_off" } = {}) {
  const key = await createTestApiKey();
  const customer = await createTestCustomer();
  const { plan, feature } = await createPaidTestPlan({ interval: options.interval });
  const response = await attachRoute(apiRequest("/v1/billing.attach", { secret: key.secret, body: { customer_id: customer.externalId, plan_id: plan.id, success_url: "http://127.0.0.1/done" } }));
  expect(response.status).toBe(200);
  const body = (await response.json()) as { customer_id: string; payment_url: string };
  expect(body).toEqual({ customer_id: customer.externalId, payment_url: expect.stringContaining("/checkout/cs_test_") });
  return { customer, plan, feature, paymentUrl: body.payment_url };
}

async function pay(paymentUrl: string) {
  const response = await payHostedCheckout(paymentUrl);
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("http://127.0.0.1/done");
}

const customerPlans = (customerId: string) => db().customerPlan.findMany({ where: { customerId }, include: { plan: true }, orderBy: { createdAt: "asc" } });

/** The events the emulator recorded for one Stripe customer, oldest first. */
async function eventsOfStripeCustomer(stripeId: string): Promise<Stripe.Event[]> {
  const events = (await testStripe().events.list({ limit: 100 })).data;
  return events
    .filter((event) => {
      const object = event.data.object as { id?: string; customer?: string | null };
      return object.customer === stripeId || object.id === stripeId;
    })
    .reverse();
}

describe("POST /api/webhooks/stripe: verification", () => {
  it("answers 400 to a missing or bad signature and processes nothing", async () => {
    const event = { id: `evt_${unique("x")}`, object: "event", type: "customer.deleted", livemode: false, data: { object: { id: "cus_x", object: "customer" } } };
    const unsigned = await POST(new Request("http://test/api/webhooks/stripe", { method: "POST", body: JSON.stringify(event) }));
    expect(unsigned.status).toBe(400);
    const wrongSecret = await POST(signedWebhookRequest(event, { secret: "whsec_wrong" }));
    expect(wrongSecret.status).toBe(400);
    expect(await wrongSecret.json()).toEqual({ error: "Invalid Stripe signature" });
    // A correctly signed body that was altered afterwards.
    const tampered = signedWebhookRequest(event);
    const altered = new Request(tampered.url, { method: "POST", headers: tampered.headers, body: JSON.stringify({ ...event, id: "evt_other" }) });
    expect((await POST(altered)).status).toBe(400);
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });

  it("refuses an event whose livemode does not match the environment of its secret", async () => {
    const event = { id: `evt_${unique("x")}`, object: "event", type: "customer.deleted", livemode: false, data: { object: { id: "cus_x", object: "customer" } } };
    const response = await POST(signedWebhookRequest(event, { secret: TEST_WEBHOOK_SECRETS.live }));
    expect(response.status).toBe(400);
    expect(await db().stripeEvent.count({ where: { id: event.id } })).toBe(0);
  });
});

describe("POST /api/webhooks/stripe: paid plans", () => {
  it("activates the plan when the checkout completes, with its subscription and period", async () => {
    const { customer, plan, paymentUrl } = await attachPaidPlan();
    // Nothing is granted before payment.
    expect(await customerPlans(customer.id)).toHaveLength(0);
    await pay(paymentUrl);
    await testEmulator().flushWebhooks();

    const plans = await customerPlans(customer.id);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ status: "active", pastDue: false, enabledByKind: "stripe_webhook", stripeSubscriptionId: expect.stringMatching(/^sub_/) });
    expect(plans[0]!.currentPeriodEnd!.getTime()).toBeGreaterThan(Date.now());
    const shown = await getCustomer(apiKeyCtx(), { customer_id: customer.externalId! });
    expect(shown.subscriptions).toEqual([expect.objectContaining({ plan_id: plan.id, status: "active", past_due: false })]);
  });

  it("activates a one-off plan as a purchase", async () => {
    const { customer, plan, paymentUrl } = await attachPaidPlan({ interval: "one_off" });
    expect(paymentUrl).toContain("/checkout/");
    await pay(paymentUrl);
    await testEmulator().flushWebhooks();
    const shown = await getCustomer(apiKeyCtx(), { customer_id: customer.externalId! });
    expect(shown.purchases).toEqual([expect.objectContaining({ plan_id: plan.id })]);
  });

  it("processes each event once, whatever the order and however often it is delivered", async () => {
    const { customer, paymentUrl } = await attachPaidPlan();
    const stripeId = (await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId!;
    const events = await withoutDelivery(async () => {
      await pay(paymentUrl);
      return eventsOfStripeCustomer(stripeId);
    });
    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["customer.subscription.created", "invoice.paid", "checkout.session.completed"]));

    // Newest first: checkout.session.completed before the subscription it created.
    for (const event of [...events].reverse()) expect((await POST(signedWebhookRequest(event))).status).toBe(200);
    const answers = await Promise.all(events.map(async (event) => (await (await POST(signedWebhookRequest(event))).json()) as { outcome: string }));
    expect(answers.every((answer) => answer.outcome === "duplicate" || answer.outcome === "ignored")).toBe(true);

    const plans = await customerPlans(customer.id);
    expect(plans.map((p) => p.status)).toEqual(["active"]);
    const completed = events.find((event) => event.type === "checkout.session.completed")!;
    expect(await db().stripeEvent.findUnique({ where: { id: completed.id } })).toMatchObject({ env: "sandbox", type: "checkout.session.completed" });
  });

  it("marks the plan past due when a renewal fails, current again when one is paid, canceled when the subscription ends", async () => {
    const { customer, paymentUrl } = await attachPaidPlan();
    await pay(paymentUrl);
    await testEmulator().flushWebhooks();
    const [active] = await customerPlans(customer.id);
    const subscriptionId = active!.stripeSubscriptionId!;

    testEmulator().failSubscriptionPayment(subscriptionId);
    await testEmulator().flushWebhooks();
    expect((await customerPlans(customer.id))[0]).toMatchObject({ status: "active", pastDue: true });
    expect((await getCustomer(apiKeyCtx(), { customer_id: customer.externalId! })).subscriptions[0]).toMatchObject({ past_due: true });

    testEmulator().renewSubscription(subscriptionId);
    await testEmulator().flushWebhooks();
    const renewed = (await customerPlans(customer.id))[0]!;
    expect(renewed).toMatchObject({ status: "active", pastDue: false });
    expect(renewed.currentPeriodStart!.getTime()).toBeGreaterThan(active!.currentPeriodStart!.getTime());

    await testStripe().subscriptions.cancel(subscriptionId);
    await testEmulator().flushWebhooks();
    expect((await customerPlans(customer.id))[0]).toMatchObject({ status: "canceled" });
    expect(await db().grant.count({ where: { customerPlanId: active!.id, active: true } })).toBe(0);
  });
});

describe("POST /api/webhooks/stripe: plan changes stop the old billing", () => {
  it("moves the subscription to the new price when a paid upgrade replaces its plan, and cancels it when staff cancel the paid plan", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const group = unique("tier");
    const basic = await createPaidTestPlan({ group, amount: 1000 });
    const premium = await createPaidTestPlan({ group, amount: 5000 });
    const attach = async (planId: string) => {
      const response = await attachRoute(apiRequest("/v1/billing.attach", { secret: key.secret, body: { customer_id: customer.externalId, plan_id: planId, success_url: "http://127.0.0.1/done" } }));
      return (await response.json()) as { payment_url: string | null };
    };
    await pay((await attach(basic.plan.id)).payment_url!);
    await testEmulator().flushWebhooks();
    const [first] = await customerPlans(customer.id);
    expect(first!.stripeSubscriptionId).toMatch(/^sub_/);

    // The customer already pays by card through a subscription: the upgrade changes that
    // subscription (prorated, invoiced now) instead of selling a second one through Checkout.
    expect((await attach(premium.plan.id)).payment_url).toBeNull();
    await testEmulator().flushWebhooks();
    const plans = await customerPlans(customer.id);
    expect(plans.map((p) => [p.plan.planId, p.status, p.stripeSubscriptionId])).toEqual([
      [basic.plan.id, "replaced", first!.stripeSubscriptionId],
      [premium.plan.id, "active", first!.stripeSubscriptionId],
    ]);
    await runOutboxOnce({ dedupeKeys: [`stripe.subscription.cancel:${first!.stripeSubscriptionId}`] });
    const subscription = await testStripe().subscriptions.retrieve(first!.stripeSubscriptionId!);
    expect(subscription.status).toBe("active");
    expect(subscription.items.data.map((item) => item.price.unit_amount)).toEqual([5000]);
    expect((await customerPlans(customer.id)).map((p) => p.status)).toEqual(["replaced", "active"]);

    // Staff cancel the paid plan in the dashboard: Stripe stops billing it too.
    const premiumPlan = plans[1]!;
    await cancelCustomerPlan(await staffCtx(), { customerPlanId: premiumPlan.id });
    await runOutboxOnce({ dedupeKeys: [`stripe.subscription.cancel:${premiumPlan.stripeSubscriptionId}`] });
    expect(await testStripe().subscriptions.retrieve(premiumPlan.stripeSubscriptionId!)).toMatchObject({ status: "canceled" });
  });
});

describe("POST /api/webhooks/stripe: customers", () => {
  it("unlinks a customer whose Stripe customer was deleted; the next billing call makes a fresh one", async () => {
    const customer = await createTestCustomer();
    const ctx = apiKeyCtx();
    const first = await ensureStripeCustomer(ctx, customer.id);
    await testStripe().customers.del(first.stripeId);
    await testEmulator().flushWebhooks();

    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId).toBeNull();
    expect(await db().auditEvent.findFirst({ where: { customerId: customer.id, action: STRIPE_AUDIT.customerUnlinked } })).toMatchObject({
      actorKind: "stripe_webhook",
      before: { stripe_id: first.stripeId },
      after: { stripe_id: null },
    });

    await openCustomerPortal(ctx, { customer_id: customer.externalId! });
    const second = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(second.stripeId).toMatch(/^cus_/);
    expect(second.stripeId).not.toBe(first.stripeId);
    expect(await db().auditEvent.count({ where: { customerId: customer.id, action: STRIPE_AUDIT.customerCreated } })).toBe(2);
  });

  it("takes over a name and email edited in Stripe, once per event", async () => {
    const customer = await createTestCustomer();
    const { stripeId } = await ensureStripeCustomer(apiKeyCtx(), customer.id);
    const newEmail = `${unique("edited")}@example.test`;
    const event = await withoutDelivery(async () => {
      await testStripe().customers.update(stripeId, { name: "Edited In Stripe", email: newEmail });
      return (await eventsOfStripeCustomer(stripeId)).find((e) => e.type === "customer.updated")!;
    });
    expect(await (await POST(signedWebhookRequest(event))).json()).toEqual({ received: true, outcome: "processed" });
    expect(await (await POST(signedWebhookRequest(event))).json()).toEqual({ received: true, outcome: "duplicate" });
    expect(await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ name: "Edited In Stripe", email: newEmail });
    expect(await db().auditEvent.count({ where: { customerId: customer.id, action: STRIPE_AUDIT.customerSynced } })).toBe(1);
  });

  it("keeps an Equinox edit that is still on its way to Stripe", async () => {
    const customer = await createTestCustomer();
    const { stripeId } = await ensureStripeCustomer(apiKeyCtx(), customer.id);
    await updateCustomer(apiKeyCtx(), { customer_id: customer.externalId!, name: "Newer In Equinox" });
    await testStripe().customers.update(stripeId, { name: "Older In Stripe" });
    await testEmulator().flushWebhooks();
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).name).toBe("Newer In Equinox");
  });

  it("saves the card of a completed setup session as the default payment method", async () => {
    const customer = await createTestCustomer();
    const { url } = await setupPayment(apiKeyCtx(), { customer_id: customer.externalId!, success_url: "http://127.0.0.1/done" });
    expect((await payHostedCheckout(url)).status).toBe(303);
    await testEmulator().flushWebhooks();
    const audit = await db().auditEvent.findFirstOrThrow({ where: { customerId: customer.id, action: STRIPE_AUDIT.paymentMethodSaved } });
    const { stripeId } = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    const stripeCustomer = (await testStripe().customers.retrieve(stripeId!)) as Stripe.Customer;
    expect(stripeCustomer.invoice_settings.default_payment_method).toBe((audit.after as { default_payment_method: string }).default_payment_method);
  });
});
