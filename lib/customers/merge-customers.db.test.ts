import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Customer } from "@/lib/generated/prisma";
import { isDomainError } from "@/lib/errors";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf } from "@/tests/factories/customers";
import { createMeteredPlan, createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { createPaidTestPlan, createStripeTestCustomer } from "@/tests/factories/billing";
import { createSeatsCatalog } from "@/tests/factories/entities";
import type { Ctx } from "@/lib/context";
import { createPortalUser } from "@/tests/factories/portal";
import { track } from "@/lib/balances/track";
import { check } from "@/lib/balances/check";
import { createBalance } from "@/lib/balances/create-balance";
import { createEntity } from "@/lib/entities/create-entity";
import { getCustomer } from "./get-customer";
import { findCustomersByEmail, findCustomersByEmails } from "./find-customers-by-email";
import { mergeCustomers, previewCustomerMerge } from "./merge-customers";
import { CUSTOMER_MERGED_SUBSCRIBERS, LINKED_CUSTOMER_CHANGED } from "@/lib/outbox/domain-events";

const pair = async (merged: Parameters<typeof createTestCustomer>[0] = {}, survivor: Parameters<typeof createTestCustomer>[0] = {}) => ({
  merged: await createTestCustomer(merged),
  survivor: await createTestCustomer(survivor),
});

const merge = async (merged: Customer, survivor: Customer) => mergeCustomers(await staffCtx(), { customer_id: merged.id, into: survivor.id });

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  const error = await promise.then(
    () => {
      throw new Error("the merge was not refused");
    },
    (e: unknown) => e,
  );
  if (!isDomainError(error)) throw error;
  return { code: error.code, reason: error.details?.reason };
}

async function bothIntact(merged: Customer, survivor: Customer) {
  expect(await db().customer.count({ where: { id: { in: [merged.id, survivor.id] } } })).toBe(2);
  expect(await db().customerAlias.count({ where: { mergedCustomerId: merged.id } })).toBe(0);
}

describe("findCustomersByEmail (duplicate detection)", () => {
  it("finds other customers by the normalised email, in this environment only", async () => {
    const email = `${unique("dup")}@acme.test`;
    const sandbox = await createTestCustomer({ email });
    const live = await createTestCustomer({ email, env: "live" });
    const found = await findCustomersByEmail(await staffCtx(), { email: ` ${email.toUpperCase()}` });
    expect(found.map((c) => c.internalId)).toEqual([sandbox.id]);
    expect((await findCustomersByEmail(await staffCtx("live"), { email })).map((c) => c.internalId)).toEqual([live.id]);
    expect(await findCustomersByEmail(await staffCtx(), { email, exceptCustomerId: sandbox.id })).toEqual([]);
  });

  it("answers many addresses in one call (an import's dry run), by normalised email", async () => {
    const a = `${unique("a")}@acme.test`;
    const customer = await createTestCustomer({ email: a });
    await createTestCustomer({ email: a, env: "live" });
    const found = await findCustomersByEmails(await staffCtx(), [a.toUpperCase(), `${unique("none")}@acme.test`, "not an email"]);
    expect([...found.keys()]).toEqual([a]);
    expect(found.get(a as never)!.map((c) => c.internalId)).toEqual([customer.id]);
  });
});

describe("mergeCustomers: what moves", () => {
  it("moves plans with their grants and usage, deletes the merged row and audits both", async () => {
    const { merged, survivor } = await pair();
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(merged.id, plan.id);
    await track(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: feature.id, value: 3 });

    const { survivor: after } = await merge(merged, survivor);
    expect(after.id).toBe(survivor.id);
    expect(await db().customer.findUnique({ where: { id: merged.id } })).toBeNull();
    const plans = await db().customerPlan.findMany({ where: { customerId: survivor.id } });
    expect(plans).toHaveLength(1);
    const view = await getCustomer(apiKeyCtx(), { customer_id: survivor.externalId! });
    expect(view.balances[feature.id]).toMatchObject({ granted: 10, usage: 3, remaining: 7 });
    expect((await auditEventsOf(survivor.id)).map((e) => e.action)).toContain("customer.merged");
    expect((await auditEventsOf(merged.id)).map((e) => e.action)).toContain("customer.merged_into");
  });

  it("ends the merged customer's copy of a plan the survivor also has, carrying its usage over", async () => {
    const { merged, survivor } = await pair();
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(merged.id, plan.id);
    await enableTestPlan(survivor.id, plan.id);
    await track(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: feature.id, value: 3 });
    await track(apiKeyCtx(), { customer_id: survivor.externalId!, feature_id: feature.id, value: 2 });

    const preview = await previewCustomerMerge(await staffCtx(), { customer_id: merged.id, into: survivor.id });
    expect(preview.replaced).toEqual([{ customer: "merged", planId: plan.id, by: plan.id }]);
    await merge(merged, survivor);
    const statuses = (await db().customerPlan.findMany({ where: { customerId: survivor.id } })).map((cp) => cp.status).sort();
    expect(statuses).toEqual(["active", "replaced"]);
    const view = await getCustomer(apiKeyCtx(), { customer_id: survivor.externalId! });
    expect(view.balances[feature.id]).toMatchObject({ granted: 10, usage: 5 });
  });

  it("moves balances granted on their own", async () => {
    const { merged, survivor } = await pair();
    const feature = await createTestFeature();
    await createBalance(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: feature.id, included_grant: 40 });
    await merge(merged, survivor);
    expect(await db().grant.count({ where: { customerId: survivor.id, customerPlanId: null } })).toBe(1);
    const view = await getCustomer(apiKeyCtx(), { customer_id: survivor.externalId! });
    expect(view.balances[feature.id]).toMatchObject({ granted: 40 });
  });

  it("moves the merged customer's invoices (billing history is never deleted)", async () => {
    const { merged, survivor } = await pair();
    const stripeInvoiceId = unique("in");
    await db().invoice.create({
      data: { id: unique("inv"), env: "sandbox", customerId: merged.id, stripeInvoiceId, status: "paid", currency: "usd", total: 1200, stripeCreatedAt: new Date() },
    });
    await merge(merged, survivor);
    expect(await db().invoice.findMany({ where: { stripeInvoiceId }, select: { customerId: true, total: true } })).toEqual([{ customerId: survivor.id, total: 1200 }]);
  });

  it("moves usage events and sums the hourly rollups of the same hour", async () => {
    const { merged, survivor } = await pair();
    const feature = await createTestFeature();
    await createBalance(apiKeyCtx(), { customer_id: survivor.externalId!, feature_id: feature.id, unlimited: true });
    await createBalance(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: feature.id, unlimited: true });
    const at = new Date("2026-06-01T10:15:00Z");
    await track(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: feature.id, value: 4, timestamp: at.getTime() });
    await track(apiKeyCtx(), { customer_id: survivor.externalId!, feature_id: feature.id, value: 1, timestamp: at.getTime() });

    await merge(merged, survivor);
    expect(await db().usageEvent.count({ where: { customerId: survivor.id } })).toBe(2);
    const rollups = await db().usageRollup.findMany({ where: { customerId: { in: [survivor.id, merged.id] } } });
    expect(rollups).toEqual([expect.objectContaining({ customerId: survivor.id, value: 5, count: 2, hour: new Date("2026-06-01T10:00:00Z") })]);
    const shapes = await db().usagePropertyRollup.findMany({ where: { customerId: { in: [survivor.id, merged.id] } } });
    expect(shapes.map((r) => [r.customerId, r.value, r.count])).toEqual([[survivor.id, 5, 2]]);
  });

  it("moves entities with their per-entity balances", async () => {
    const { merged, survivor } = await pair();
    const { seats, messages, plan } = await createSeatsCatalog({ seats: 5, perSeat: 10 });
    await enableTestPlan(merged.id, plan.id);
    await createEntity(apiKeyCtx(), { customer_id: merged.externalId!, entity_id: "seat_1", feature_id: seats.id });
    await track(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: messages.id, entity_id: "seat_1", value: 2 });
    await merge(merged, survivor);
    const entities = await db().entity.findMany({ where: { customerId: survivor.id } });
    expect(entities.map((e) => e.externalId)).toEqual(["seat_1"]);
    const seat = await check(apiKeyCtx(), { customer_id: survivor.externalId!, feature_id: messages.id, entity_id: "seat_1" });
    expect(seat.balance).toMatchObject({ granted: 10, usage: 2 });
  });

  it("merges metadata (the survivor wins on a key both have) and keeps the survivor's id, name and email", async () => {
    const { merged, survivor } = await pair({ name: "Old" }, { name: "Kept" });
    await db().customer.update({ where: { id: merged.id }, data: { metadata: { crm: "hubspot", tier: "gold" } } });
    await db().customer.update({ where: { id: survivor.id }, data: { metadata: { tier: "silver" } } });
    const { survivor: after } = await merge(merged, survivor);
    expect(after).toMatchObject({ externalId: survivor.externalId, name: "Kept", email: survivor.email, metadata: { crm: "hubspot", tier: "silver" } });
  });

  it("moves the Stripe link to the survivor, which Stripe then hears about (outbox)", async () => {
    const { merged, survivor } = await pair();
    const stripe = await createStripeTestCustomer();
    await db().customer.update({ where: { id: merged.id }, data: { stripeId: stripe.id } });
    const { survivor: after } = await merge(merged, survivor);
    expect(after.stripeId).toBe(stripe.id);
    const job = await db().outboxJob.findFirst({ where: { kind: LINKED_CUSTOMER_CHANGED, dedupeKey: { contains: survivor.id } } });
    expect(job?.payload).toEqual({ customerId: survivor.id });
  });

  it("emits customer.merged to each subscriber in the merging transaction (outbound webhooks follow it)", async () => {
    const { merged, survivor } = await pair();
    CUSTOMER_MERGED_SUBSCRIBERS.test = "test.customer.merged";
    try {
      await merge(merged, survivor);
    } finally {
      delete CUSTOMER_MERGED_SUBSCRIBERS.test;
    }
    const job = await db().outboxJob.findFirst({ where: { kind: "test.customer.merged", dedupeKey: `test.customer.merged:${merged.id}` } });
    expect(job?.payload).toMatchObject({ survivorId: survivor.id, survivorExternalId: survivor.externalId, mergedId: merged.id, mergedExternalId: merged.externalId });
    await db().outboxJob.delete({ where: { id: job!.id } });
  });

  it("merges a pending customer into one with an id; the pending one's internal id answers as the survivor", async () => {
    const email = `${unique("p")}@acme.test`;
    const { merged, survivor } = await pair({ externalId: null, email }, {});
    const { survivor: after } = await merge(merged, survivor);
    expect(after.email).toBe(survivor.email);
    expect(await getCustomer(apiKeyCtx(), { customer_id: merged.id })).toMatchObject({ id: survivor.externalId });
    // Merged again, the aliases follow the survivor.
    const third = await createTestCustomer();
    await merge(after, third);
    expect(await getCustomer(apiKeyCtx(), { customer_id: merged.id })).toMatchObject({ id: third.externalId });
    expect(await getCustomer(apiKeyCtx(), { customer_id: survivor.externalId! })).toMatchObject({ id: third.externalId });
  });
});

describe("mergeCustomers: refusals", () => {
  it("refuses two Stripe customers, and leaves both intact", async () => {
    const { merged, survivor } = await pair();
    await db().customer.update({ where: { id: merged.id }, data: { stripeId: (await createStripeTestCustomer()).id } });
    await db().customer.update({ where: { id: survivor.id }, data: { stripeId: (await createStripeTestCustomer()).id } });
    expect(await refusal(merge(merged, survivor))).toEqual({ code: "merge_conflict", reason: "two_stripe_customers" });
    await bothIntact(merged, survivor);
  });

  it("refuses two paid subscriptions (the same paid plan included)", async () => {
    const { merged, survivor } = await pair();
    const { plan } = await createPaidTestPlan();
    await enableTestPlan(merged.id, plan.id);
    await enableTestPlan(survivor.id, plan.id);
    const preview = await previewCustomerMerge(await staffCtx(), { customer_id: merged.id, into: survivor.id });
    expect(preview.conflict).toMatchObject({ reason: "two_paid_subscriptions", message: expect.stringContaining(plan.id) });
    expect(await refusal(merge(merged, survivor))).toEqual({ code: "merge_conflict", reason: "two_paid_subscriptions" });
    await bothIntact(merged, survivor);
  });

  it("keeps the paid plan when the survivor's own plan of the group is free", async () => {
    const { merged, survivor } = await pair();
    const group = unique("g");
    const free = await createTestPlan({ group });
    const { plan: paid } = await createPaidTestPlan({ group });
    await enableTestPlan(merged.id, paid.id);
    await enableTestPlan(survivor.id, free.id);
    await merge(merged, survivor);
    const plans = await db().customerPlan.findMany({ where: { customerId: survivor.id }, include: { plan: true } });
    expect(Object.fromEntries(plans.map((cp) => [cp.plan.planId, cp.status]))).toEqual({ [paid.id]: "active", [free.id]: "replaced" });
  });

  it("refuses a customer with an id into a pending one, a customer into itself, and clashing entity ids", async () => {
    const pending = await createTestCustomer({ externalId: null });
    const withId = await createTestCustomer();
    expect(await refusal(merge(withId, pending))).toEqual({ code: "merge_conflict", reason: "survivor_pending" });
    expect(await refusal(merge(withId, withId))).toEqual({ code: "merge_conflict", reason: "same_customer" });

    const { merged, survivor } = await pair();
    const { seats, plan } = await createSeatsCatalog({ seats: 5, perSeat: 1 });
    for (const c of [merged, survivor]) {
      await enableTestPlan(c.id, plan.id);
      await createEntity(apiKeyCtx(), { customer_id: c.externalId!, entity_id: "seat_1", feature_id: seats.id });
    }
    expect(await refusal(merge(merged, survivor))).toEqual({ code: "merge_conflict", reason: "entity_id_taken" });
    await bothIntact(merged, survivor);
  });

  it("refuses two customers that each belong to a portal user", async () => {
    const a = await createPortalUser();
    const b = await createPortalUser();
    const merged = await createTestCustomer({ externalId: a.id });
    const survivor = await createTestCustomer({ externalId: b.id });
    expect(await refusal(merge(merged, survivor))).toEqual({ code: "merge_conflict", reason: "two_portal_users" });
  });
});

describe("mergeCustomers: atomicity and authorization", () => {
  it("leaves both customers as they were when a step fails mid-merge", async () => {
    const { merged, survivor } = await pair();
    const { feature, plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(merged.id, plan.id);
    await track(apiKeyCtx(), { customer_id: merged.externalId!, feature_id: feature.id, value: 3 });
    // The very last write (the merged customer's audit event) fails: everything before it must roll back.
    const fn = unique("fail_merge");
    await db().$executeRawUnsafe(
      `create function ${fn}() returns trigger language plpgsql as $$ begin
         if new.action = 'customer.merged_into' and new.customer_id = '${merged.id}' then raise exception 'boom'; end if; return new; end $$`,
    );
    await db().$executeRawUnsafe(`create trigger ${fn} before insert on audit_events for each row execute function ${fn}()`);
    try {
      await expect(merge(merged, survivor)).rejects.toThrow(/boom/);
    } finally {
      await db().$executeRawUnsafe(`drop trigger ${fn} on audit_events`);
      await db().$executeRawUnsafe(`drop function ${fn}()`);
    }
    await bothIntact(merged, survivor);
    expect(await db().customerPlan.count({ where: { customerId: merged.id } })).toBe(1);
    expect(await db().usageEvent.count({ where: { customerId: merged.id } })).toBe(1);
    expect(await db().customerPlan.count({ where: { customerId: survivor.id } })).toBe(0);
  });

  it("is for staff (and the system): an end customer is refused before anything is read", async () => {
    const { merged, survivor } = await pair();
    const user = await createPortalUser();
    const endCustomer: Ctx = { env: "sandbox", actor: { kind: "end_customer", userId: user.id, email: user.email } };
    expect(await refusal(mergeCustomers(endCustomer, { customer_id: merged.id, into: survivor.id }))).toMatchObject({ code: "forbidden" });
    expect(await refusal(previewCustomerMerge(endCustomer, { customer_id: merged.id, into: survivor.id }))).toMatchObject({ code: "forbidden" });
    await bothIntact(merged, survivor);
  });
});
