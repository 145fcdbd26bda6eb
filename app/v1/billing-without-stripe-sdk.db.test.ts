// Whatever needs no money works with no Stripe configured at all (issue 18): a free plan's
// preview, attach, update and cancel go through autumn-js with the Stripe client module answering
// "not configured" as it does when no key is set. A paid plan's Checkout then fails with Stripe's
// own stripe_error, never a 500.
import { describe, expect, it, vi } from "vitest";
import { AutumnError } from "autumn-js";
import { DomainError } from "@/lib/errors";
import { createTestCustomer, unique } from "@/tests/factories";
import { createTestFeature, createTestPlan } from "@/tests/factories/entitlements";
import { setupSdkApi } from "@/tests/factories/sdk-api";
import { db } from "@/lib/db";
import * as billingAttach from "./billing.attach/route";
import * as previewAttachRoute from "./billing.preview_attach/route";
import * as billingUpdate from "./billing.update/route";
import * as previewUpdateRoute from "./billing.preview_update/route";

const stripeCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock("@/lib/billing/stripe-client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/billing/stripe-client")>();
  return {
    ...original,
    stripeConfigured: () => false,
    stripeFor: () => {
      stripeCalls.count += 1;
      throw new DomainError("stripe_error", "Stripe is not configured for the sandbox environment: set STRIPE_SECRET_KEY_SANDBOX", { status: 502 });
    },
  };
});

const { autumn } = await setupSdkApi({ "billing.attach": billingAttach, "billing.preview_attach": previewAttachRoute, "billing.update": billingUpdate, "billing.preview_update": previewUpdateRoute });

describe("free plans with no Stripe configured", () => {
  it("preview, attach, quantity change, cancel at period end and uncancel, cancel now: no Stripe call", async () => {
    const seats = await createTestFeature({ type: "continuous_use" });
    const group = unique("g");
    const starter = await createTestPlan({ planId: unique("starter"), group, items: [{ featureId: seats.id, included: 2 }] });
    const team = await createTestPlan({ planId: unique("team"), group, items: [{ featureId: seats.id, included: 5 }] });
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const before = stripeCalls.count;

    const preview = await autumn.billing.previewAttach({ customerId, planId: starter.id });
    expect(preview).toMatchObject({ customerId, total: 0, subtotal: 0, lineItems: [], redirectToCheckout: false, checkoutType: null, incoming: [expect.objectContaining({ planId: starter.id })] });
    expect(preview.nextCycle).toBeUndefined();
    expect(await autumn.billing.attach({ customerId, planId: starter.id })).toEqual({ customerId, paymentUrl: null });

    // Switching within the group: free to free is immediate, the starter plan replaced.
    expect(await autumn.billing.previewUpdate({ customerId, planId: team.id })).toMatchObject({ intent: "update_plan", total: 0 });
    await autumn.billing.update({ customerId, planId: team.id });
    const active = await db().customerPlan.findFirstOrThrow({ where: { customerId: customer.id, status: "active" }, include: { plan: true } });
    expect(active.plan.planId).toBe(team.id);

    // Feature quantities: 12 seats of an item including 5 per unit = 3 units, 15 seats.
    expect(await autumn.billing.previewUpdate({ customerId, planId: team.id, featureQuantities: [{ featureId: seats.id, quantity: 12 }] })).toMatchObject({ intent: "update_quantity", total: 0 });
    await autumn.billing.update({ customerId, planId: team.id, featureQuantities: [{ featureId: seats.id, quantity: 12 }] });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: active.id } })).toMatchObject({ quantity: 3 });
    expect(await db().grant.findFirstOrThrow({ where: { customerPlanId: active.id } })).toMatchObject({ granted: 15 });

    await autumn.billing.update({ customerId, planId: team.id, cancelAction: "cancel_end_of_cycle" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: active.id } })).toMatchObject({ status: "active", cancelAtPeriodEnd: true });
    await autumn.billing.update({ customerId, planId: team.id, cancelAction: "uncancel" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: active.id } })).toMatchObject({ cancelAtPeriodEnd: false, endsAt: null });
    await autumn.billing.update({ customerId, planId: team.id, cancelAction: "cancel_immediately" });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: active.id } })).toMatchObject({ status: "canceled" });

    expect(stripeCalls.count).toBe(before);
  });

  it("a paid plan's preview still works; its attach answers stripe_error 502, not a 500", async () => {
    const paid = await createTestPlan({ planId: unique("paid"), price: { amount: 1500, interval: "month" } });
    const customer = await createTestCustomer();
    const customerId = customer.externalId!;
    const preview = await autumn.billing.previewAttach({ customerId, planId: paid.id });
    expect(preview).toMatchObject({ total: 15, redirectToCheckout: true, nextCycle: { total: 15 } });
    const error = await autumn.billing.attach({ customerId, planId: paid.id }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AutumnError);
    expect((error as AutumnError).statusCode).toBe(502);
    expect(JSON.parse((error as AutumnError).body)).toMatchObject({ code: "stripe_error" });
    expect(await db().customerPlan.count({ where: { customerId: customer.id } })).toBe(0);
  });
});
