// The customer page's plan list: current plans first, with the negotiated price and overrides
// beside the plan's own, who enabled them, and the history after.
import { describe, expect, it } from "vitest";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { createTestFeature, createTestPlan, enableTestPlan } from "@/tests/factories/entitlements";
import { cancelCustomerPlan } from "./cancel-customer-plan";
import { enablePlanForCustomer } from "./enable-plan-for-customer";
import { listCustomerPlans } from "./list-customer-plans";

describe("listCustomerPlans", () => {
  it("lists current plans first with the negotiated price and overrides, then the history", async () => {
    const ctx = await staffCtx();
    const customer = await createTestCustomer({ externalId: null });
    const seats = await createTestFeature({ type: "continuous_use" });
    const enterprise = await createTestPlan({ price: { amount: 50_000, interval: "month" }, items: [{ featureId: seats.id, included: 10 }] });
    const addOn = await createTestPlan({ isAddOn: true });
    const old = await enableTestPlan(customer.id, addOn.id);
    await cancelCustomerPlan(ctx, { customerPlanId: old.customerPlan.id });
    await enablePlanForCustomer(ctx, { customerId: customer.id, planId: enterprise.id, customPriceAmount: 120_000, overrides: { [seats.id]: { included: 50 } }, note: "Deal 42" });

    const plans = await listCustomerPlans(ctx, { customerId: customer.id });
    expect(plans.map((plan) => [plan.planId, plan.status])).toEqual([
      [enterprise.id, "active"],
      [addOn.id, "canceled"],
    ]);
    expect(plans[0]).toMatchObject({
      price: { amount: 120_000, currency: "usd", interval: "month" },
      planPrice: { amount: 50_000, interval: "month" },
      customPrice: true,
      overrides: { [seats.id]: { included: 50 } },
      note: "Deal 42",
      enabledBy: { kind: "staff", label: (ctx.actor as { email: string }).email },
    });
    expect(plans[1]).toMatchObject({ customPrice: false, canceledAt: expect.any(Date) });
  });

  it("refuses an unknown customer and a customer of the other environment", async () => {
    const other = await createTestCustomer({ env: "live" });
    await expect(listCustomerPlans(await staffCtx(), { customerId: other.id })).rejects.toMatchObject({ code: "customer_not_found" });
  });
});
