// A new customer gets the environment's default plans inside the transaction that creates it; a
// claimed or existing customer does not get them again.
import { describe, expect, it, vi } from "vitest";
import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { createTestCustomer, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";

type Seen = { customerId: string; env: string; visibleInTx: boolean; visibleOutside: boolean };
const seen = vi.hoisted(() => [] as Seen[]);
vi.mock("@/lib/plans/enable-default-plans", () => ({
  async enableDefaultPlans(tx: Tx, ctx: { env: string }, customerId: string) {
    seen.push({
      customerId,
      env: ctx.env,
      visibleInTx: (await tx.customer.findUnique({ where: { id: customerId } })) !== null,
      visibleOutside: (await db().customer.findUnique({ where: { id: customerId } })) !== null,
    });
  },
}));

// The one-statement creation steps aside when the environment has a default plan (it reads that
// from the plans table, which this test does not fill: a default plan would reach every other test's
// customers); here it steps aside as it would then.
vi.mock("./create-customer-statement", () => ({ createCustomerInOneStatement: async () => undefined, createUnlessPending: async () => ({}) }));

const { getOrCreateCustomerRecord } = await import("./get-or-create-customer");

describe("default plans on creation", () => {
  it("are enabled for a created customer, inside its transaction, and not on a claim or a repeat", async () => {
    seen.length = 0;
    const id = unique("user");
    const created = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: id });
    // Seen by the transaction, not yet by anyone else: the plans commit together with the customer.
    expect(seen).toEqual([{ customerId: created.customer.id, env: "sandbox", visibleInTx: true, visibleOutside: false }]);

    await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: id, name: "again" });
    const email = `${unique("p")}@x.test`;
    await createTestCustomer({ externalId: null, email });
    await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: unique("claimer"), email });
    expect(seen).toHaveLength(1);
  });

  it("are enabled for a pending customer too", async () => {
    seen.length = 0;
    const result = await getOrCreateCustomerRecord(apiKeyCtx(), { customer_id: null, email: `${unique("p")}@x.test` });
    expect(seen.map((s) => s.customerId)).toEqual([result.customer.id]);
  });
});
