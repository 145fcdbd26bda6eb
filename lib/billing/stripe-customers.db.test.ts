// Customers in Stripe, against the test file's Stripe emulator: lazy creation, create_in_stripe,
// concurrency, linking, the outbox sync, and failures half-way.
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";
import { createStripeTestCustomer, testEmulator, testStripe } from "@/tests/factories/billing";
import { getOrCreateCustomer } from "@/lib/customers/get-or-create-customer";
import { updateCustomer } from "@/lib/customers/update-customer";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { openCustomerPortal } from "./open-customer-portal";
import { setupPayment } from "./setup-payment";
import { ensureStripeCustomer, stripeCustomerIdempotencyKey } from "./ensure-stripe-customer";
import { linkedCustomerChangedKey } from "@/lib/outbox/domain-events";
import { STRIPE_AUDIT } from "./audit-actions";
import { stripeCustomerCreateParams } from "./stripe-customer-fields";

const email = () => `${unique("billing")}@example.test`;

/** The Stripe customers (test mode) with this email: how many Equinox made. */
async function stripeCustomersWithEmail(address: string) {
  return (await testStripe().customers.list({ email: address, limit: 100 })).data;
}

const runSync = (customerId: string) => runOutboxOnce({ dedupeKeys: [linkedCustomerChangedKey(customerId)] });

describe("Stripe customers: creation", () => {
  it("creates none until the first billing call, then exactly one, and reuses it", async () => {
    const address = email();
    const ctx = apiKeyCtx();
    const customer = await getOrCreateCustomer(ctx, { customer_id: unique("user"), name: "Lazy Person", email: address });
    expect(customer.stripe_id).toBeNull();
    expect(await stripeCustomersWithEmail(address)).toHaveLength(0);

    const first = await openCustomerPortal(ctx, { customer_id: customer.id! });
    expect(first).toEqual({ customer_id: customer.id, url: expect.stringContaining("/billing_portal/") });
    const second = await setupPayment(ctx, { customer_id: customer.id! });
    expect(second.url).toContain("/checkout/cs_test_");

    const inStripe = await stripeCustomersWithEmail(address);
    expect(inStripe).toHaveLength(1);
    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: customer.id! } } });
    expect(row.stripeId).toBe(inStripe[0]!.id);
    expect(inStripe[0]).toMatchObject({ name: "Lazy Person", metadata: { autumn_id: customer.id, autumn_internal_id: row.id } });
    expect(await db().auditEvent.count({ where: { customerId: row.id, action: STRIPE_AUDIT.customerCreated } })).toBe(1);
  });

  it("create_in_stripe: true creates it at once with name, email and the id mapping", async () => {
    const address = email();
    const id = unique("user");
    const customer = await getOrCreateCustomer(apiKeyCtx(), { customer_id: id, name: "Eager Person", email: address, create_in_stripe: true });
    expect(customer.stripe_id).toMatch(/^cus_/);
    const inStripe = await testStripe().customers.retrieve(customer.stripe_id!);
    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: id } } });
    expect(inStripe).toMatchObject({ email: address, name: "Eager Person", metadata: { autumn_id: id, autumn_internal_id: row.id } });
    // Repeating the call keeps the one Stripe customer.
    expect((await getOrCreateCustomer(apiKeyCtx(), { customer_id: id, create_in_stripe: true })).stripe_id).toBe(customer.stripe_id);
    expect(await stripeCustomersWithEmail(address)).toHaveLength(1);
  });

  it("makes one Stripe customer for 20 concurrent first billing calls", async () => {
    const address = email();
    const customer = await createTestCustomer({ email: address });
    const ctx = apiKeyCtx();
    const results = await Promise.all(Array.from({ length: 20 }, () => openCustomerPortal(ctx, { customer_id: customer.externalId! })));
    expect(results.every((r) => r.url.includes("/billing_portal/"))).toBe(true);
    const inStripe = await stripeCustomersWithEmail(address);
    expect(inStripe).toHaveLength(1);
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId).toBe(inStripe[0]!.id);
  });

  it("keeps the record consistent when Stripe fails half-way, and the same call then succeeds", async () => {
    const id = unique("user");
    const address = email();
    const body = { customer_id: id, email: address, create_in_stripe: true };
    // 500 twice: the SDK's one automatic retry fails too.
    testEmulator().failNext({ count: 2, mode: "500", path: "/v1/customers", method: "POST" });
    await expect(getOrCreateCustomer(apiKeyCtx(), body)).rejects.toMatchObject({
      code: "stripe_error",
      status: 502,
      message: expect.stringMatching(/Stripe failed to create the Stripe customer .*retrying the same call is safe/),
    });
    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: id } } });
    expect(row.stripeId).toBeNull();
    expect(await stripeCustomersWithEmail(address)).toHaveLength(0);

    const retried = await getOrCreateCustomer(apiKeyCtx(), body);
    expect(retried.stripe_id).toMatch(/^cus_/);
    expect(await stripeCustomersWithEmail(address)).toHaveLength(1);
  });

  it("answers 502 when Stripe cannot be reached, and links nothing", async () => {
    const customer = await createTestCustomer();
    // Equinox's client makes two attempts (maxNetworkRetries: 1): both refused.
    testEmulator().failNext({ count: 2, mode: "refuse", path: "/v1/customers", method: "POST" });
    await expect(openCustomerPortal(apiKeyCtx(), { customer_id: customer.externalId! })).rejects.toMatchObject({
      code: "stripe_error",
      status: 502,
      message: expect.stringContaining("Could not reach Stripe"),
    });
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId).toBeNull();
    expect((testEmulator().state() as { failures: unknown[] }).failures).toEqual([]);
  });

  it("gets the same Stripe customer back when Stripe made it but the link was never saved", async () => {
    const customer = await createTestCustomer();
    // What an earlier attempt left behind: created in Stripe with the customer's key, not linked.
    const orphan = await testStripe().customers.create(stripeCustomerCreateParams(customer), { idempotencyKey: stripeCustomerIdempotencyKey(customer.id, 0) });
    const linked = await ensureStripeCustomer(apiKeyCtx(), customer.id);
    expect(linked.stripeId).toBe(orphan.id);
  });
});

describe("Stripe customers: a link Stripe no longer knows", () => {
  it("is replaced by a fresh Stripe customer on the next billing call, audited", async () => {
    const customer = await createTestCustomer();
    const ctx = apiKeyCtx();
    const first = await ensureStripeCustomer(ctx, customer.id);
    // Deleted in Stripe, and the webhook never arrived (this test file delivers none).
    await testStripe().customers.del(first.stripeId);
    const { url } = await setupPayment(ctx, { customer_id: customer.externalId! });
    expect(url).toContain("/checkout/");
    const row = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(row.stripeId).not.toBe(first.stripeId);
    expect(await db().auditEvent.findFirst({ where: { customerId: customer.id, action: STRIPE_AUDIT.customerUnlinked } })).toMatchObject({
      target: expect.objectContaining({ reason: "missing in Stripe" }),
    });
  });
});

describe("Stripe customers: linking an existing one", () => {
  it("links it and writes the autumn_id mapping on it", async () => {
    const stripeCustomer = await createStripeTestCustomer();
    const id = unique("user");
    const customer = await getOrCreateCustomer(apiKeyCtx(), { customer_id: id, stripe_id: stripeCustomer.id });
    expect(customer.stripe_id).toBe(stripeCustomer.id);
    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: id } } });
    expect(await runSync(row.id)).toMatchObject({ done: 1 });
    const after = await testStripe().customers.retrieve(stripeCustomer.id);
    // Its own name and email stay: Equinox had none to give.
    expect(after).toMatchObject({ metadata: { autumn_id: id, autumn_internal_id: row.id }, name: "Stripe Customer", email: stripeCustomer.email });
  });

  it("refuses an unknown or deleted Stripe customer with a 400 that says so", async () => {
    await expect(getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("user"), stripe_id: "cus_doesnotexist" })).rejects.toMatchObject({
      code: "stripe_error",
      status: 400,
      message: "stripe_id: no Stripe customer cus_doesnotexist exists in Stripe test mode",
    });

    const deleted = await createStripeTestCustomer();
    await testStripe().customers.del(deleted.id);
    const customer = await createTestCustomer();
    await expect(updateCustomer(apiKeyCtx(), { customer_id: customer.externalId!, stripe_id: deleted.id })).rejects.toMatchObject({
      code: "stripe_error",
      status: 400,
      message: `stripe_id: Stripe customer ${deleted.id} was deleted in Stripe and cannot be linked`,
    });
    expect((await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId).toBeNull();
  });

  it("refuses a Stripe customer already linked to another customer of the environment (409)", async () => {
    const stripeCustomer = await createStripeTestCustomer();
    await getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("user"), stripe_id: stripeCustomer.id });
    const other = await createTestCustomer();
    await expect(updateCustomer(apiKeyCtx(), { customer_id: other.externalId!, stripe_id: stripeCustomer.id })).rejects.toMatchObject({
      code: "stripe_customer_already_linked",
      status: 409,
    });
  });
});

describe("Stripe customers: follow-up updates through the outbox", () => {
  it("pushes an email edit to Stripe, retrying while Stripe is down", async () => {
    const ctx = apiKeyCtx();
    const id = unique("user");
    const created = await getOrCreateCustomer(ctx, { customer_id: id, email: email(), create_in_stripe: true });
    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: id } } });
    const newEmail = email();
    await updateCustomer(ctx, { customer_id: id, email: newEmail, name: "New Name" });

    // Stripe down: the job stays pending, to be retried later.
    testEmulator().failNext({ count: 2, mode: "500", path: `/v1/customers/${created.stripe_id}`, method: "POST" });
    expect(await runSync(row.id)).toEqual({ done: 0, retried: 1, failed: 0 });
    const job = await db().outboxJob.findFirstOrThrow({ where: { dedupeKey: linkedCustomerChangedKey(row.id) } });
    expect(job).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("Stripe failed") });
    expect(job.runAfter.getTime()).toBeGreaterThan(Date.now());

    // Due again (as after the backoff): it goes through, once.
    await db().outboxJob.update({ where: { id: job.id }, data: { runAfter: new Date(Date.now() - 1000) } });
    expect(await runSync(row.id)).toEqual({ done: 1, retried: 0, failed: 0 });
    expect(await runSync(row.id)).toEqual({ done: 0, retried: 0, failed: 0 });
    expect(await testStripe().customers.retrieve(created.stripe_id!)).toMatchObject({ email: newEmail, name: "New Name" });
  });

  it("writes the new id on the Stripe customer when a pending customer is claimed", async () => {
    const address = email();
    const pending = await getOrCreateCustomer(apiKeyCtx(), { customer_id: null, email: address, create_in_stripe: true });
    const internalId = pending.id ?? (await db().customer.findFirstOrThrow({ where: { emailNormalized: address } })).id;
    expect(((await testStripe().customers.retrieve(pending.stripe_id!)) as Stripe.Customer).metadata).toEqual({ autumn_internal_id: internalId });
    const id = unique("user");
    await getOrCreateCustomer(apiKeyCtx(), { customer_id: id, email: address });
    await runSync(internalId);
    expect(((await testStripe().customers.retrieve(pending.stripe_id!)) as Stripe.Customer).metadata).toEqual({ autumn_id: id, autumn_internal_id: internalId });
  });
});
