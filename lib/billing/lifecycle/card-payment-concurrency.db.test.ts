// Two "Pay now" presses at the same moment (two tabs, a double click) get the same Checkout
// session: the second one paid would otherwise make a second subscription for the same plan.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createTestCustomer, staffCtx } from "@/tests/factories";
import { createPaidTestPlan, testStripe } from "@/tests/factories/billing";
import { enableBilledPlan } from "./enable-billed-plan";
import { startCardPayment } from "./start-card-payment";
import { ensureStripeCustomer } from "../ensure-stripe-customer";
import { stripeFor } from "../stripe-client";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("pay now pressed twice at once", () => {
  it("both presses answer the same open Checkout; Stripe holds one session", async () => {
    const staff = await staffCtx();
    const customer = await createTestCustomer();
    const { plan } = await createPaidTestPlan();
    const { customerPlan } = await enableBilledPlan(staff, { customerId: customer.id, planId: plan.id, options: { customPriceAmount: 4200 }, billing: { mode: "card", activate: "on_payment" } });
    // Linked to Stripe beforehand, so the presses race on the Checkout itself, not on making the customer.
    await ensureStripeCustomer(staff, customer.id);
    // Stripe is slow to create the session: the other presses look for an open one meanwhile.
    const sessions = stripeFor("sandbox").checkout.sessions;
    const create = sessions.create.bind(sessions);
    vi.spyOn(sessions, "create").mockImplementation(async (...args: Parameters<typeof create>) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return create(...args);
    });
    const portal = { env: "sandbox" as const, actor: { kind: "end_customer" as const, userId: customer.externalId!, email: null } };
    const presses = await Promise.all([1, 2, 3].map(() => startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/done" })));
    expect(new Set(presses.map((press) => press.sessionId)).size).toBe(1);
    const stripeId = (await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId!;
    const made = await testStripe().checkout.sessions.list({ customer: stripeId });
    expect(made.data.map((session) => session.id)).toEqual([presses[0]!.sessionId]);
    expect(made.data[0]).toMatchObject({ amount_total: 4200, metadata: expect.objectContaining({ equinox_customer_plan_id: customerPlan.id }) });
  });
});
