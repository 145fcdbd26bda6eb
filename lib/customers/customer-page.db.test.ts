// The customer page's reads (loadCustomerPage): what it answers, and what it costs. The customer is
// read once and handed to every loader, so one render sends a bounded number of statements (31 for
// this customer before, when each loader read the customer again: issue 16).
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { createMeteredPlan, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { loadCustomerPage } from "./customer-page";

/** The statements `fn` sends through any pg client of this process (transaction control aside). */
async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === "string" ? first : first?.text;
    if (text !== undefined && !/^\s*(begin|commit|rollback)\b/i.test(text)) statements.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}

const customersReads = (statements: string[]) => statements.filter((text) => /\bfrom\s+("public"\.)?"?customers"?\b/i.test(text)).length;

describe("loadCustomerPage", () => {
  it("reads the page's customer once, and the whole page in at most 18 statements", async () => {
    const ctx = await staffCtx();
    const owner = await staffCtx();
    const customer = await createTestCustomer();
    await db().customer.update({ where: { id: customer.id }, data: { ownerId: owner.actor.kind === "staff" ? owner.actor.userId : null } });
    const { plan } = await createMeteredPlan({ included: 10 });
    await enableTestPlan(customer.id, plan.id);
    const paid = await createTestPlan({ price: { amount: 1_000, interval: "month" } });
    await enableTestPlan(customer.id, paid.id);

    const { result, statements } = await statementsOf(async () => {
      const { record, data } = await loadCustomerPage(ctx, customer.id);
      return { customer: await record, data: await data };
    });
    expect(result.customer.id).toBe(customer.id);
    expect(result.data.plans.map((row) => row.planId).sort()).toEqual([plan.id, paid.id].sort());
    expect(result.data.balances.balances.map((balance) => balance.featureId)).toEqual([plan.items[0]!.featureId]);
    expect(result.data.owner?.id).toBe(owner.actor.kind === "staff" ? owner.actor.userId : undefined);
    expect(result.data.billing.plans).toHaveProperty(result.data.plans[0]!.id);
    expect(result.data.nextInvoice?.total).toBe(1_000);
    expect(result.data.activity?.events.length).toBeGreaterThan(0);
    // The record's read; the activity filter's own lookup (it also matches customers by email); the
    // usage series resolves the customer inside its one statement (events.aggregate's).
    expect(customersReads(statements)).toBeLessThanOrEqual(3);
    expect(statements.length).toBeLessThanOrEqual(18);
  });

  it("answers an external id with its customer (the page redirects), and refuses an unknown one", async () => {
    const ctx = await staffCtx();
    const customer = await createTestCustomer();
    const { record, data } = await loadCustomerPage(ctx, customer.externalId!);
    expect((await record).id).toBe(customer.id);
    await data.catch(() => undefined);
    const unknown = await loadCustomerPage(ctx, "cus_unknown_page");
    await expect(unknown.record).rejects.toMatchObject({ code: "customer_not_found" });
    await expect(unknown.data).rejects.toMatchObject({ code: "customer_not_found" });
  });

  it("is refused to an end customer", async () => {
    const customer = await createTestCustomer();
    await expect(loadCustomerPage({ env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } }, customer.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});
