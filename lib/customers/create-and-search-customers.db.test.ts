// The dashboard's entry points: the create form and the customer table.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { auditEventsOf, createTestPlan, enableTestPlan } from "@/tests/factories/customers";
import { createCustomer } from "./create-customer";
import { searchCustomers } from "./search-customers";

describe("createCustomer (dashboard)", () => {
  it("creates a pending customer when the id is blank, recording the staff member", async () => {
    const ctx = await staffCtx();
    const email = `${unique("deal")}@globex.test`;
    const result = await createCustomer(ctx, { id: "  ", name: "Globex", email });
    expect(result.status).toBe("created");
    expect(result.customer).toMatchObject({ externalId: null, email, createdByKind: "staff", createdByLabel: (ctx.actor as { email: string }).email });
    expect((await auditEventsOf(result.customer.id)).map((e) => e.action)).toEqual(["customer.created"]);
  });

  it("requires an email for a pending customer", async () => {
    await expect(createCustomer(await staffCtx(), { id: "", name: "No email" })).rejects.toMatchObject({
      issues: [{ path: ["email"], message: expect.stringMatching(/^required for a customer without an id/) }],
    });
  });

  it("refuses a second pending customer with the same email, naming the first", async () => {
    const ctx = await staffCtx();
    const email = `${unique("dup")}@globex.test`;
    const first = await createCustomer(ctx, { email });
    await expect(createCustomer(ctx, { email: email.toUpperCase() })).rejects.toMatchObject({
      code: "pending_email_taken",
      details: { customerId: first.customer.id },
    });
  });

  it("says `exists` for an id in use, changing nothing", async () => {
    const ctx = await staffCtx();
    const existing = await createTestCustomer();
    const result = await createCustomer(ctx, { id: existing.externalId!, name: "Other name" });
    expect(result).toMatchObject({ status: "exists", customer: { id: existing.id, name: existing.name } });
    expect(await auditEventsOf(existing.id)).toEqual([]);
  });

  it("checks the id rule and refuses a read-only actor", async () => {
    await expect(createCustomer(await staffCtx(), { id: "a.b" })).rejects.toThrow(/cannot contain '\.'/);
    await expect(createCustomer({ env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } }, { id: unique("u") })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("searchCustomers (dashboard)", () => {
  it("returns table rows with plans, creator and pending flag, in keyset pages", async () => {
    const ctx = await staffCtx();
    const tag = unique("Table");
    const setup = await createTestPlan({ name: "Enterprise" });
    const withPlan = await createTestCustomer({ name: `${tag} with plan` });
    await enableTestPlan(withPlan, setup);
    const pending = await createCustomer(ctx, { name: `${tag} pending`, email: `${unique("p")}@x.test` });
    await createTestCustomer({ name: `${tag} plain` });

    const first = await searchCustomers(ctx, { search: tag, pageSize: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await searchCustomers(ctx, { search: tag, pageSize: 2, cursor: first.nextCursor! });
    const rows = [...first.rows, ...second.rows];
    expect(rows.map((r) => r.name)).toEqual([`${tag} plain`, `${tag} pending`, `${tag} with plan`]);
    expect(second.nextCursor).toBeNull();

    const planRow = rows.find((r) => r.internalId === withPlan.id)!;
    expect(planRow).toMatchObject({ pending: false, plans: [{ planId: setup.plan.planId, name: "Enterprise", status: "active" }], createdBy: { kind: "system" } });
    expect(rows.find((r) => r.internalId === pending.customer.id)).toMatchObject({ pending: true, id: null, createdBy: { kind: "staff" } });

    const oldestFirst = await searchCustomers(ctx, { search: tag, pageSize: 2, order: "asc" });
    const oldestRest = await searchCustomers(ctx, { search: tag, pageSize: 2, order: "asc", cursor: oldestFirst.nextCursor! });
    expect([...oldestFirst.rows, ...oldestRest.rows].map((r) => r.name)).toEqual([`${tag} with plan`, `${tag} pending`, `${tag} plain`]);

    expect((await searchCustomers(ctx, { search: tag, pendingOnly: true })).rows.map((r) => r.internalId)).toEqual([pending.customer.id]);
    expect((await searchCustomers(ctx, { search: tag, plan: setup.plan.planId })).rows.map((r) => r.internalId)).toEqual([withPlan.id]);
    expect(await db().customer.count({ where: { name: { startsWith: tag } } })).toBe(3);
  });
});
