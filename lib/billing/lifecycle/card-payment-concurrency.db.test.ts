// Two "Pay now" presses at the same moment (two tabs, a double click) get the same Checkout
// session: the second one paid would otherwise make a second subscription for the same plan.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { testStripe } from "@/tests/factories/billing";
import { cardPlanAwaitingPayment } from "@/tests/factories/card-billing";
import { startCardPayment } from "./start-card-payment";
import { ensureStripeCustomer } from "../ensure-stripe-customer";
import { stripeFor } from "../stripe-client";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("pay now pressed twice at once", () => {
  it("both presses answer the same open Checkout; Stripe holds one session", async () => {
    const { staff, customer, customerPlan, portal } = await cardPlanAwaitingPayment();
    // Linked to Stripe beforehand, so the presses race on the Checkout itself, not on making the customer.
    await ensureStripeCustomer(staff, customer.id);
    // Stripe is slow to create the session: the other presses look for an open one meanwhile.
    const sessions = stripeFor("sandbox").checkout.sessions;
    const create = sessions.create.bind(sessions);
    vi.spyOn(sessions, "create").mockImplementation(async (...args: Parameters<typeof create>) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return create(...args);
    });
    const presses = await Promise.all([1, 2, 3].map(() => startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/done" })));
    expect(new Set(presses.map((press) => press.sessionId)).size).toBe(1);
    const stripeId = (await db().customer.findUniqueOrThrow({ where: { id: customer.id } })).stripeId!;
    const made = await testStripe().checkout.sessions.list({ customer: stripeId });
    expect(made.data.map((session) => session.id)).toEqual([presses[0]!.sessionId]);
    expect(made.data[0]).toMatchObject({ amount_total: 4200, metadata: expect.objectContaining({ equinox_customer_plan_id: customerPlan.id }) });
  });
});
