import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf } from "@/tests/factories/customers";
import { updateCustomer, updateCustomerRecord, mergeMetadata } from "./update-customer";
import { getOrCreateCustomer } from "./get-or-create-customer";
import { createStripeTestCustomer } from "@/tests/factories/billing";

const email = (prefix = "c") => `${unique(prefix)}@acme.test`;
// [billing] a linked Stripe customer must exist in Stripe (the test file's emulator).
const stripeId = async () => (await createStripeTestCustomer()).id;

describe("updateCustomer", () => {
  it("changes the given fields and records exactly those, before and after", async () => {
    const ctx = apiKeyCtx();
    const customer = await createTestCustomer();
    const address = `  ${unique("New")}@Acme.test `;
    const sid = await stripeId();
    const updated = await updateCustomer(ctx, {
      customer_id: customer.externalId!,
      name: "Renamed",
      email: address,
      fingerprint: "fp",
      stripe_id: sid,
      send_email_receipts: true,
    });
    expect(updated).toMatchObject({ id: customer.externalId, name: "Renamed", email: address.trim(), fingerprint: "fp", stripe_id: sid, send_email_receipts: true });
    const row = await db().customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(row.emailNormalized).toBe(address.trim().toLowerCase());
    const [event] = await auditEventsOf(customer.id);
    expect(event).toMatchObject({
      action: "customer.updated",
      before: { name: "Test Customer", email: customer.email, fingerprint: null, stripe_id: null, send_email_receipts: false },
      after: { name: "Renamed", email: address.trim(), fingerprint: "fp", stripe_id: sid, send_email_receipts: true },
    });
  });

  it("clears a field set to null, and changes nothing (nor records anything) for the same values", async () => {
    const ctx = apiKeyCtx();
    const customer = await createTestCustomer();
    expect(await updateCustomer(ctx, { customer_id: customer.externalId!, name: null })).toMatchObject({ name: null });
    await updateCustomer(ctx, { customer_id: customer.externalId!, name: null, email: customer.email });
    expect((await auditEventsOf(customer.id)).map((e) => e.action)).toEqual(["customer.updated"]);
  });

  it("merges metadata, a key set to null removing it", async () => {
    const ctx = apiKeyCtx();
    const id = unique("user");
    await getOrCreateCustomer(ctx, { customer_id: id, metadata: { a: 1, b: 2, nested: { x: 1 } } });
    const updated = await updateCustomer(ctx, { customer_id: id, metadata: { b: null, c: 3, nested: { y: 2 } } });
    expect(updated.metadata).toEqual({ a: 1, nested: { y: 2 }, c: 3 });
    expect(mergeMetadata({ a: 1 }, { a: null, b: false })).toEqual({ b: false });
  });

  it("refuses metadata that would have more than 50 keys once merged", async () => {
    const ctx = apiKeyCtx();
    const id = unique("user");
    const keys = (from: number, n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${from + i}`, i]));
    await getOrCreateCustomer(ctx, { customer_id: id, metadata: keys(0, 40) });
    await expect(updateCustomer(ctx, { customer_id: id, metadata: keys(100, 11) })).rejects.toMatchObject({ code: "invalid_inputs", field: "metadata" });
    await expect(updateCustomer(ctx, { customer_id: id, metadata: keys(100, 10) })).resolves.toBeTruthy();
  });

  it("renames with new_customer_id, and refuses an id already in use", async () => {
    const ctx = apiKeyCtx();
    const customer = await createTestCustomer();
    const other = await createTestCustomer();
    const newId = unique("renamed");
    expect(await updateCustomer(ctx, { customer_id: customer.externalId!, new_customer_id: newId })).toMatchObject({ id: newId });
    await expect(updateCustomer(ctx, { customer_id: newId, new_customer_id: other.externalId! })).rejects.toMatchObject({
      code: "customer_already_exists",
      status: 409,
    });
    const [event] = await auditEventsOf(customer.id);
    expect(event).toMatchObject({ before: { id: customer.externalId }, after: { id: newId } });
  });

  it("marks a pending customer that is given an id as claimed", async () => {
    const pending = await createTestCustomer({ externalId: null, email: email() });
    const id = unique("assigned");
    await updateCustomer(apiKeyCtx(), { customer_id: pending.id, new_customer_id: id });
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ externalId: id, claimedByKind: "api_key", claimedAt: expect.any(Date) });
  });

  it("addresses a customer by its internal id when no customer has that external id", async () => {
    const pending = await createTestCustomer({ externalId: null, email: email() });
    expect(await updateCustomer(apiKeyCtx(), { customer_id: pending.id, name: "Pending Co" })).toMatchObject({ id: null, name: "Pending Co" });
    // An external id equal to some internal id wins over it.
    const shadow = await createTestCustomer({ externalId: pending.id });
    expect(await updateCustomer(apiKeyCtx(), { customer_id: pending.id, name: "Shadow" })).toMatchObject({ id: pending.id, email: shadow.email });
    expect(await db().customer.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ name: "Pending Co" });
  });

  it("keeps a pending customer's email unique among pending customers and present", async () => {
    const ctx = apiKeyCtx();
    const taken = email("taken");
    const first = await createTestCustomer({ externalId: null, email: taken });
    const second = await createTestCustomer({ externalId: null, email: email() });
    await expect(updateCustomer(ctx, { customer_id: second.id, email: ` ${taken.toUpperCase()}` })).rejects.toMatchObject({
      code: "pending_email_taken",
      status: 409,
      details: { customerId: first.id },
    });
    await expect(updateCustomer(ctx, { customer_id: second.id, email: null })).rejects.toMatchObject({ code: "invalid_inputs", field: "email" });
    // A customer with an id may share the email.
    const withId = await createTestCustomer();
    await expect(updateCustomer(ctx, { customer_id: withId.externalId!, email: taken })).resolves.toMatchObject({ email: taken });
  });

  it("refuses a Stripe customer linked to another customer", async () => {
    const sid = await stripeId();
    const ctx = apiKeyCtx();
    await getOrCreateCustomer(ctx, { customer_id: unique("user"), stripe_id: sid });
    const customer = await createTestCustomer();
    await expect(updateCustomer(ctx, { customer_id: customer.externalId!, stripe_id: sid })).rejects.toMatchObject({ code: "stripe_customer_already_linked" });
  });

  it("answers customer_not_found for an unknown customer, and stays within its environment", async () => {
    const live = await createTestCustomer({ env: "live" });
    await expect(updateCustomer(apiKeyCtx("sandbox"), { customer_id: live.externalId!, name: "x" })).rejects.toMatchObject({ code: "customer_not_found", status: 404 });
  });

  it("resolves concurrent renames to the same id: one wins, the other gets customer_already_exists", async () => {
    const target = unique("contested");
    const [a, b] = [await createTestCustomer(), await createTestCustomer()];
    const results = await Promise.allSettled([
      updateCustomerRecord(apiKeyCtx(), { customer_id: a.externalId!, new_customer_id: target }),
      updateCustomerRecord(apiKeyCtx(), { customer_id: b.externalId!, new_customer_id: target }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "customer_already_exists" });
  });
});
