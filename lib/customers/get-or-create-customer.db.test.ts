import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf, createTestPlan, enableTestPlan } from "@/tests/factories/customers";
import { getOrCreateCustomer, getOrCreateCustomerRecord } from "./get-or-create-customer";
import { apiCustomerSchema } from "./customer-object";
import { createStripeTestCustomer } from "@/tests/factories/billing";

const email = (prefix = "c") => `${unique(prefix)}@acme.test`;

describe("getOrCreateCustomer: creating", () => {
  it("creates a customer with every field and answers the contract's customer object", async () => {
    const ctx = apiKeyCtx();
    const id = unique("user");
    const address = email();
    const customer = await getOrCreateCustomer(ctx, {
      customer_id: id,
      name: "John Doe",
      email: address,
      fingerprint: "fp_1",
      metadata: { plan: "trial", dropped: null },
      // [billing] a linked Stripe customer must exist in Stripe (the test file's emulator).
      stripe_id: (await createStripeTestCustomer()).id,
      send_email_receipts: true,
      create_in_stripe: false,
    });
    expect(apiCustomerSchema.parse(customer)).toEqual(customer);
    expect(customer).toMatchObject({
      id,
      name: "John Doe",
      email: address,
      fingerprint: "fp_1",
      env: "sandbox",
      metadata: { plan: "trial" },
      send_email_receipts: true,
      billing_controls: {},
      subscriptions: [],
      purchases: [],
      licenses: [],
      balances: {},
      flags: {},
    });
    expect(Math.abs(customer.created_at - Date.now())).toBeLessThan(60_000);

    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: id } } });
    expect(row).toMatchObject({ emailNormalized: address.toLowerCase(), createdByKind: "api_key", createdById: (ctx.actor as { keyId: string }).keyId });
    const events = await auditEventsOf(row.id);
    expect(events.map((e) => e.action)).toEqual(["customer.created"]);
    expect(events[0]).toMatchObject({ actorKind: "api_key", targetId: row.id, requestId: ctx.requestId, env: "sandbox" });
  });

  it("keeps the same id in sandbox and live as two customers", async () => {
    const id = unique("user");
    await getOrCreateCustomer(apiKeyCtx("sandbox"), { customer_id: id, name: "Sandbox" });
    const live = await getOrCreateCustomer(apiKeyCtx("live"), { customer_id: id, name: "Live" });
    expect(live).toMatchObject({ id, env: "live", name: "Live" });
    const rows = await db().customer.findMany({ where: { externalId: id }, orderBy: { env: "asc" } });
    expect(rows.map((r) => [r.env, r.name])).toEqual([
      ["sandbox", "Sandbox"],
      ["live", "Live"],
    ]);
  });

  it("refuses a Stripe customer that is linked to another customer of the environment", async () => {
    const stripeId = (await createStripeTestCustomer()).id; // [billing] exists in Stripe test mode
    await getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("user"), stripe_id: stripeId });
    await expect(getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("user"), stripe_id: stripeId })).rejects.toMatchObject({
      code: "stripe_customer_already_linked",
    });
    // Another environment is another world: live uses live-mode Stripe, where this test-mode customer does not exist. [billing]
    await expect(getOrCreateCustomer(apiKeyCtx("live"), { customer_id: unique("user"), stripe_id: stripeId })).rejects.toMatchObject({ code: "stripe_error", status: 400 });
  });
});

describe("getOrCreateCustomer: an existing customer", () => {
  it("returns it, filling in only an empty name or email, and is harmless to repeat", async () => {
    const ctx = apiKeyCtx();
    const id = unique("user");
    const first = await getOrCreateCustomer(ctx, { customer_id: id, metadata: { a: 1 }, fingerprint: "fp_1" });
    const address = email();
    const second = await getOrCreateCustomer(ctx, {
      customer_id: id,
      name: "Filled In",
      email: address,
      metadata: { b: 2 },
      fingerprint: "fp_2",
      send_email_receipts: true,
    });
    expect(second).toEqual({ ...first, name: "Filled In", email: address });

    // Already set: left alone.
    const third = await getOrCreateCustomer(ctx, { customer_id: id, name: "Other", email: email() });
    expect(third).toEqual(second);

    const row = await db().customer.findUniqueOrThrow({ where: { env_externalId: { env: "sandbox", externalId: id } } });
    expect(row.emailNormalized).toBe(address.toLowerCase());
    const events = await auditEventsOf(row.id);
    expect(events.map((e) => e.action)).toEqual(["customer.created", "customer.updated"]);
    expect(events[1]).toMatchObject({ before: { name: null, email: null }, after: { name: "Filled In", email: address } });
  });

  it("records nothing when nothing changes", async () => {
    const ctx = apiKeyCtx();
    const id = unique("user");
    await getOrCreateCustomer(ctx, { customer_id: id, name: "A", email: email() });
    const result = await getOrCreateCustomerRecord(ctx, { customer_id: id, name: "A" });
    expect(result.outcome).toBe("existing");
    expect((await auditEventsOf(result.customer.id)).map((e) => e.action)).toEqual(["customer.created"]);
  });
});

describe("getOrCreateCustomer: claiming a pending customer", () => {
  it("claims it by normalised email, in any letter case and with surrounding spaces", async () => {
    const sales = await staffCtx();
    const local = unique("Sales");
    const pending = await createTestCustomer({ externalId: null, email: `${local}@Acme.TEST` });
    await db().customer.update({ where: { id: pending.id }, data: { name: null } });
    const id = unique("user");
    const result = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: id, name: "Signed Up", email: `  ${local.toUpperCase()}@acme.test ` });
    expect(result.outcome).toBe("claimed");
    expect(result.customer).toMatchObject({ id: pending.id, externalId: id, name: "Signed Up", email: `${local}@Acme.TEST`, claimedByKind: "api_key" });
    expect(result.customer.claimedAt).toBeInstanceOf(Date);

    const events = await auditEventsOf(pending.id);
    expect(events.map((e) => e.action)).toEqual(["customer.claimed"]);
    expect(events[0]).toMatchObject({ before: { id: null, name: null }, after: { id, name: "Signed Up" } });
    // Afterwards the id finds it, and it is no longer pending.
    const again = await getOrCreateCustomerRecord(sales, { customer_id: id });
    expect(again).toMatchObject({ outcome: "existing", customer: { id: pending.id } });
  });

  it("keeps the pending customer's plans, balances and Stripe link", async () => {
    const setup = await createTestPlan();
    const address = email("enterprise");
    const pending = await createTestCustomer({ externalId: null, email: address });
    const stripeId = `cus_${unique("S").replace("_", "")}`;
    await db().customer.update({ where: { id: pending.id }, data: { stripeId } });
    const { customerPlan, grant } = await enableTestPlan(pending, setup, { usage: 7 });

    const id = unique("user");
    const customer = await getOrCreateCustomer(apiKeyCtx(), { customer_id: id, email: address });
    expect(customer).toMatchObject({ id, stripe_id: stripeId });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ customerId: pending.id, status: "active" });
    expect(await db().grant.findUniqueOrThrow({ where: { id: grant.id } })).toMatchObject({ customerId: pending.id, usage: 7 });
  });

  it("never claims when the request has no email", async () => {
    const pending = await createTestCustomer({ externalId: null, email: email() });
    const result = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("user"), email: "" });
    expect(result.outcome).toBe("created");
    expect(result.customer.id).not.toBe(pending.id);
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ externalId: null });
  });

  it("never claims when a customer with the requested id exists", async () => {
    const address = email();
    const existing = await createTestCustomer({ externalId: unique("user"), email: null });
    const pending = await createTestCustomer({ externalId: null, email: address });
    const result = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: existing.externalId!, email: address });
    expect(result).toMatchObject({ outcome: "filled_in", customer: { id: existing.id, email: address } });
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ externalId: null });
  });

  it("never claims across environments", async () => {
    const address = email();
    const livePending = await createTestCustomer({ env: "live", externalId: null, email: address });
    const result = await getOrCreateCustomerRecord(apiKeyCtx("sandbox"), { customer_id: unique("user"), email: address });
    expect(result.outcome).toBe("created");
    expect(await db().customer.findUniqueOrThrow({ where: { id: livePending.id } })).toMatchObject({ externalId: null });
  });

  it("with customer_id null, creates the email's pending customer once and then returns it", async () => {
    const ctx = apiKeyCtx();
    const address = email("Pre");
    const created = await getOrCreateCustomerRecord(ctx, { customer_id: null, email: address, name: "Pre-created" });
    expect(created).toMatchObject({ outcome: "created", customer: { externalId: null, email: address } });
    const again = await getOrCreateCustomerRecord(ctx, { customer_id: null, email: ` ${address.toUpperCase()} ` });
    expect(again).toMatchObject({ outcome: "existing", customer: { id: created.customer.id } });
    expect(await getOrCreateCustomer(ctx, { customer_id: null, email: address })).toMatchObject({ id: null, email: address, name: "Pre-created" });
    expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: address.toLowerCase() } })).toBe(1);
  });
});

describe("getOrCreateCustomer: concurrency", () => {
  it("50 concurrent calls for one new id create one customer and all return it", async () => {
    const id = unique("burst");
    const ctx = apiKeyCtx();
    const results = await Promise.all(Array.from({ length: 50 }, () => getOrCreateCustomerRecord(ctx, { customer_id: id, name: "Burst", email: email() })));
    const rows = await db().customer.findMany({ where: { env: "sandbox", externalId: id } });
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.customer.id))).toEqual(new Set([rows[0]!.id]));
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(1);
  });

  it("50 concurrent calls with different ids and one email claim the pending customer exactly once", async () => {
    const address = email("shared");
    const pending = await createTestCustomer({ externalId: null, email: address });
    const ids = Array.from({ length: 50 }, (_, i) => unique(`u${i}`));
    const results = await Promise.all(ids.map((id) => getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: id, email: address.toUpperCase() })));

    const claims = results.filter((r) => r.outcome === "claimed");
    expect(claims).toHaveLength(1);
    expect(claims[0]!.customer.id).toBe(pending.id);
    const claimedRow = await db().customer.findUniqueOrThrow({ where: { id: pending.id } });
    expect(ids).toContain(claimedRow.externalId);
    expect(results.filter((r) => r.outcome === "created")).toHaveLength(49);
    expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: address.toLowerCase() } })).toBe(50);
    expect((await auditEventsOf(pending.id)).filter((e) => e.action === "customer.claimed")).toHaveLength(1);
  });

  it("concurrent pending creations for one email make one pending customer", async () => {
    const address = email("pending");
    const results = await Promise.all(Array.from({ length: 20 }, () => getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: null, email: address })));
    expect(new Set(results.map((r) => r.customer.id)).size).toBe(1);
    expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: address.toLowerCase() } })).toBe(1);
  });
});

describe("getOrCreateCustomer: authorization and validation", () => {
  it("refuses an end customer and invalid input", async () => {
    await expect(getOrCreateCustomer({ env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } }, { customer_id: unique("u") })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getOrCreateCustomer(apiKeyCtx(), { customer_id: "a@b.co" })).rejects.toThrow(/cannot contain '@'/);
  });
});
