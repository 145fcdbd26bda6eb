import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, unique } from "@/tests/factories";
import { apiKeyCtx, auditEventsOf, createTestPlan, enableTestPlan } from "@/tests/factories/customers";
import { deleteCustomer } from "./delete-customer";
import { getCustomer } from "./get-customer";
import { apiCustomerSchema } from "./customer-object";

describe("getCustomer", () => {
  it("finds a customer by its id, else by its internal id, only in its environment", async () => {
    const customer = await createTestCustomer();
    const byId = await getCustomer(apiKeyCtx(), { customer_id: customer.externalId! });
    expect(apiCustomerSchema.parse(byId)).toMatchObject({ id: customer.externalId, email: customer.email, env: "sandbox" });
    expect(await getCustomer(apiKeyCtx(), { customer_id: customer.id })).toEqual(byId);
    await expect(getCustomer(apiKeyCtx("live"), { customer_id: customer.externalId! })).rejects.toMatchObject({ code: "customer_not_found" });
    await expect(getCustomer(apiKeyCtx(), { customer_id: unique("nobody") })).rejects.toMatchObject({ code: "customer_not_found", status: 404 });
  });
});

describe("deleteCustomer", () => {
  it("deletes the customer with everything it owns and audits a snapshot", async () => {
    const setup = await createTestPlan();
    const customer = await createTestCustomer();
    const { customerPlan, grant } = await enableTestPlan(customer, setup);

    expect(await deleteCustomer(apiKeyCtx(), { customer_id: customer.externalId!, delete_in_stripe: false })).toEqual({ success: true });
    expect(await db().customer.findUnique({ where: { id: customer.id } })).toBeNull();
    expect(await db().customerPlan.findUnique({ where: { id: customerPlan.id } })).toBeNull();
    expect(await db().grant.findUnique({ where: { id: grant.id } })).toBeNull();

    const [event] = await auditEventsOf(customer.id);
    expect(event).toMatchObject({
      action: "customer.deleted",
      target: { id: customer.externalId, internal_id: customer.id, email: customer.email },
      before: { id: customer.externalId, plans: [{ plan_id: setup.plan.planId, status: "active" }] },
    });
    await expect(deleteCustomer(apiKeyCtx(), { customer_id: customer.externalId! })).rejects.toMatchObject({ code: "customer_not_found" });
  });

  it("deletes a pending customer by its internal id, and never one of the other environment", async () => {
    const pending = await createTestCustomer({ externalId: null, email: `${unique("p")}@acme.test` });
    const live = await createTestCustomer({ env: "live" });
    await expect(deleteCustomer(apiKeyCtx(), { customer_id: live.externalId! })).rejects.toMatchObject({ code: "customer_not_found" });
    await deleteCustomer(apiKeyCtx(), { customer_id: pending.id });
    expect(await db().customer.findUnique({ where: { id: pending.id } })).toBeNull();
    expect(await db().customer.findUnique({ where: { id: live.id } })).not.toBeNull();
  });
});
