// Stripe faults, end to end: an app instance of its own (same database as the rest of the run)
// talking to a Stripe emulator of its own, so that the failures injected here reach nobody
// else's requests. Timeouts, 500s and refused connections during customer creation, attach and
// portal calls leave consistent records, and retrying converges to exactly one Stripe customer
// and one active plan. Webhooks delivered twice, out of order, or about customers Equinox does
// not know are acknowledged and harmless.
import Stripe from "stripe";
import { startStripeEmulator, signatureHeader, type StripeEmulator } from "../../stripe-emulator";
import { expect, sql, test, uniqueSuffix } from "../fixtures";
import { createApiKey, type TestApiKey } from "../fixtures-api";
import { createProPlan, waitForActivePlan } from "../billing/arrange";
import { E2E_STRIPE } from "../harness/stripe";
import { startSecondInstance } from "../harness/two-instances";
import type { AppServer } from "../harness/app-server";

test.describe.configure({ mode: "serial" });

let emulator: StripeEmulator;
let app: AppServer;
let key: TestApiKey;
let stripe: Stripe;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  emulator = await startStripeEmulator({ port: 0, webhookRetry: { maxAttempts: 3, initialDelayMs: 50, timeoutMs: 10_000 } });
  app = await startSecondInstance("app-stripe-faults", { STRIPE_API_BASE: emulator.url });
  emulator.setWebhooks({ test: [{ url: `${app.url}/api/webhooks/stripe`, secret: E2E_STRIPE.webhookSecrets.sandbox }] });
  stripe = new Stripe(E2E_STRIPE.keys.sandbox, { host: "127.0.0.1", port: emulator.port, protocol: "http", maxNetworkRetries: 0, telemetry: false });
  key = await createApiKey("sandbox");
});

test.afterAll(async () => {
  await app?.stop();
  await emulator?.close();
});

async function call(path: string, body: unknown) {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Calls until 200 (a client retrying a 502), returning every answer on the way. */
async function retryUntilOk(path: string, body: unknown, attempts = 5) {
  const answers = [];
  for (let n = 0; n < attempts; n++) {
    const answer = await call(path, body);
    answers.push(answer);
    if (answer.status === 200) return answers;
  }
  throw new Error(`${path} never succeeded: ${JSON.stringify(answers.map((a) => a.body))}`);
}

/** The Stripe customers (in the emulator) that claim to be this Equinox customer. */
async function stripeCustomersOf(customerId: string) {
  const all = await stripe.customers.list({ limit: 100 });
  return all.data.filter((c) => c.metadata?.autumn_id === customerId);
}

const customerRow = async (customerId: string) =>
  (await sql<{ id: string; stripe_id: string | null }>(`select id, stripe_id from customers where env = 'sandbox' and external_id = $1`, [customerId]))[0]!;

const activePlans = async (internalId: string) =>
  sql<{ id: string; stripe_subscription_id: string | null }>(`select id, stripe_subscription_id from customer_plans where customer_id = $1 and status = 'active'`, [internalId]);

/** Delivers a Stripe event to the app as Stripe would (signed with the sandbox webhook secret). */
async function deliver(event: object) {
  const payload = JSON.stringify(event);
  const response = await fetch(`${app.url}/api/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signatureHeader(payload, E2E_STRIPE.webhookSecrets.sandbox, Math.floor(Date.now() / 1000)) },
    body: payload,
  });
  return response.status;
}

/** Every event the emulator recorded about a Stripe customer, oldest first. */
async function eventsAbout(stripeCustomerId: string): Promise<Stripe.Event[]> {
  const events = await stripe.events.list({ limit: 100 });
  return events.data
    .filter((e) => {
      const object = e.data.object as { id?: string; customer?: string | null };
      return object.customer === stripeCustomerId || object.id === stripeCustomerId;
    })
    .reverse();
}

test("customer creation under Stripe 500s and refused connections converges to one Stripe customer", async () => {
  for (const mode of ["500", "refuse"] as const) {
    const customerId = `fault_create_${mode}_${uniqueSuffix()}`;
    // Two failures: one absorbed by the SDK's own retry, one reaching the caller.
    emulator.failNext({ count: 2, mode, path: "/v1/customers", method: "POST" });
    const first = await call("/v1/customers.get_or_create", { customer_id: customerId, email: `${customerId}@example.test`, create_in_stripe: true });
    expect(first.status, JSON.stringify(first.body)).toBe(502);
    expect(first.body).toMatchObject({ code: "stripe_error" });
    expect(await stripeCustomersOf(customerId)).toHaveLength(0);

    // The client retries, several times at once: one Stripe customer, linked.
    const retries = await Promise.all(Array.from({ length: 4 }, () => call("/v1/customers.get_or_create", { customer_id: customerId, create_in_stripe: true })));
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const inStripe = await stripeCustomersOf(customerId);
    expect(inStripe).toHaveLength(1);
    expect(new Set(retries.map((r) => r.body.stripe_id))).toEqual(new Set([inStripe[0]!.id]));
    expect((await customerRow(customerId)).stripe_id).toBe(inStripe[0]!.id);
  }
});

test("a Stripe timeout is retried by the client library and still makes one Stripe customer", async () => {
  test.setTimeout(60_000);
  const customerId = `fault_timeout_${uniqueSuffix()}`;
  emulator.failNext({ count: 1, mode: "timeout", path: "/v1/customers", method: "POST" });
  const answer = await call("/v1/customers.get_or_create", { customer_id: customerId, create_in_stripe: true });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(await stripeCustomersOf(customerId)).toHaveLength(1);
});

test("attach under checkout failures leaves nothing half-done; retries end with one Stripe customer and one active plan", async () => {
  const pro = await createProPlan();
  const customerId = `fault_attach_${uniqueSuffix()}`;
  expect((await call("/v1/customers.get_or_create", { customer_id: customerId, email: `${customerId}@example.test` })).status).toBe(200);

  // First the Stripe customer cannot be made, then the checkout session cannot.
  emulator.failNext({ count: 2, mode: "500", path: "/v1/customers", method: "POST" });
  const noCustomer = await call("/v1/attach", { customer_id: customerId, plan_id: pro.planId });
  expect(noCustomer).toMatchObject({ status: 502, body: { code: "stripe_error" } });
  emulator.failNext({ count: 2, mode: "refuse", path: "/v1/checkout/sessions", method: "POST" });
  const noCheckout = await call("/v1/attach", { customer_id: customerId, plan_id: pro.planId });
  expect(noCheckout).toMatchObject({ status: 502, body: { code: "stripe_error" } });
  const row = await customerRow(customerId);
  expect(await activePlans(row.id)).toHaveLength(0);

  const [ok] = (await retryUntilOk("/v1/attach", { customer_id: customerId, plan_id: pro.planId, success_url: `${app.url}/portal` })).slice(-1);
  const paymentUrl = ok!.body.payment_url as string;
  expect(paymentUrl).toContain("/checkout/cs_test_");

  // Paying: the webhooks make the plan active.
  const pay = await fetch(`${paymentUrl}/pay`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
  expect(pay.status).toBeLessThan(400);
  await emulator.flushWebhooks();
  const active = await waitForActivePlan(row.id, pro.planId);
  expect(active.stripe_subscription_id).toMatch(/^sub_/);

  // Attaching again, even concurrently, neither buys the plan twice nor makes a second customer.
  await Promise.all(Array.from({ length: 3 }, () => call("/v1/attach", { customer_id: customerId, plan_id: pro.planId })));
  expect(await activePlans(row.id)).toHaveLength(1);
  expect(await stripeCustomersOf(customerId)).toHaveLength(1);
  const subscriptions = await stripe.subscriptions.list({ customer: (await customerRow(customerId)).stripe_id!, limit: 10 });
  expect(subscriptions.data.filter((s) => s.status === "active")).toHaveLength(1);
});

test("the customer portal under Stripe failures: a clear 502, then a URL, and still one Stripe customer", async () => {
  const customerId = `fault_portal_${uniqueSuffix()}`;
  await call("/v1/customers.get_or_create", { customer_id: customerId });
  emulator.failNext({ count: 2, mode: "500", path: "/v1/billing_portal/sessions", method: "POST" });
  const failed = await call("/v1/billing.open_customer_portal", { customer_id: customerId });
  expect(failed).toMatchObject({ status: 502, body: { code: "stripe_error" } });
  const answers = await retryUntilOk("/v1/billing.open_customer_portal", { customer_id: customerId });
  expect(answers.at(-1)!.body.url).toContain("/billing_portal/");
  expect(await stripeCustomersOf(customerId)).toHaveLength(1);
});

test("webhooks delivered twice, in reverse order, and about unknown customers change nothing more", async () => {
  const pro = await createProPlan();
  const customerId = `fault_webhooks_${uniqueSuffix()}`;
  await call("/v1/customers.get_or_create", { customer_id: customerId, email: `${customerId}@example.test` });
  const row = await customerRow(customerId);

  // Checkout completes while Stripe cannot reach the app: the events pile up undelivered.
  emulator.setWebhooks({});
  const attach = await call("/v1/attach", { customer_id: customerId, plan_id: pro.planId, success_url: `${app.url}/portal` });
  await fetch(`${attach.body.payment_url as string}/pay`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
  const stripeId = (await customerRow(customerId)).stripe_id!;
  const events = await eventsAbout(stripeId);
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["checkout.session.completed", "customer.subscription.created", "invoice.paid"]));
  expect(await activePlans(row.id)).toHaveLength(0);

  // Delivered newest first, then every one again.
  for (const event of [...events].reverse()) expect(await deliver(event)).toBe(200);
  for (const event of events) expect(await deliver(event)).toBe(200);
  emulator.setWebhooks({ test: [{ url: `${app.url}/api/webhooks/stripe`, secret: E2E_STRIPE.webhookSecrets.sandbox }] });

  const plans = await activePlans(row.id);
  expect(plans).toHaveLength(1);
  expect(plans[0]!.stripe_subscription_id).toMatch(/^sub_/);
  const grants = await sql(`select id, granted, usage from grants where customer_id = $1 and active`, [row.id]);
  expect(grants).toHaveLength(1);

  // The same events again, under new ids (as a second delivery system would send them): still one plan.
  for (const event of events) expect(await deliver({ ...event, id: `evt_again_${uniqueSuffix()}${uniqueSuffix()}` })).toBe(200);
  expect(await activePlans(row.id)).toHaveLength(1);
  expect(await sql(`select id from grants where customer_id = $1 and active`, [row.id])).toHaveLength(1);

  // Events about a Stripe customer Equinox does not know (and that point at no Equinox customer):
  // acknowledged, and nothing is created or changed.
  const stranger = await stripe.customers.create({ email: `stranger-${uniqueSuffix()}@example.test` });
  for (const event of events) {
    const object = { ...(event.data.object as unknown as Record<string, unknown>), customer: stranger.id, metadata: {}, client_reference_id: null };
    expect(await deliver({ ...event, id: `evt_stranger_${uniqueSuffix()}${uniqueSuffix()}`, data: { ...event.data, object } })).toBe(200);
  }
  expect(await sql(`select 1 from customers where stripe_id = $1`, [stranger.id])).toHaveLength(0);
  expect(await activePlans(row.id)).toHaveLength(1);
});
