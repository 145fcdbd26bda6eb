// Two tabs' Checkouts for the same card-billed customer plan, both paid (issue 18): the first
// subscription bills the plan; the second is cancelled AND its payment refunded (Stripe's model:
// a refund of its invoice's PaymentIntent), once, however often its events are delivered.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { deliverWebhooksTo, payHostedCheckout, signedWebhookRequest, testEmulator, testStripe } from "@/tests/factories/billing";
import { cardPlanAwaitingPayment, refundsOf } from "@/tests/factories/card-billing";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { handleStripeWebhook } from "../webhooks/handle-stripe-webhook";
import { startCardPayment } from "./start-card-payment";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { removeCustomerPlan } from "@/lib/plans/remove-customer-plan";

let forwarder: Awaited<ReturnType<typeof deliverWebhooksTo>>;
beforeAll(async () => {
  forwarder = await deliverWebhooksTo((request) => handleStripeWebhook(request));
});
afterAll(async () => {
  await forwarder.close();
});
const settle = () => testEmulator().flushWebhooks();

describe("a second Checkout paid for a plan another subscription already bills", () => {
  it("is cancelled and refunded in full, once; the first keeps billing the plan", async () => {
    const { customerPlan, portal } = await cardPlanAwaitingPayment();
    // Two tabs with other return pages: two open sessions (the pay button reuses one only at the same terms).
    const first = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/tab-1" });
    const second = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/tab-2" });
    expect(second.sessionId).not.toBe(first.sessionId);

    expect((await payHostedCheckout(first.url)).status).toBe(303);
    await settle();
    const billing = (await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).stripeSubscriptionId!;
    expect(billing).toMatch(/^sub_/);
    expect((await payHostedCheckout(second.url)).status).toBe(303);
    await settle();

    const duplicate = (await testStripe().checkout.sessions.retrieve(second.sessionId)).subscription as string;
    expect(duplicate).not.toBe(billing);
    expect((await testStripe().subscriptions.retrieve(duplicate)).status).toBe("canceled");
    expect((await refundsOf(duplicate)).map((refund) => [refund.amount, refund.reason, refund.status])).toEqual([[4200, "duplicate", "succeeded"]]);
    // The plan is still billed by the first subscription, which nothing refunded.
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ status: "active", billingState: "active", stripeSubscriptionId: billing });
    expect((await testStripe().subscriptions.retrieve(billing)).status).toBe("active");
    expect(await refundsOf(billing)).toEqual([]);
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${duplicate}`] })).toBeDefined();
    expect((await testStripe().subscriptions.retrieve(duplicate)).status).toBe("canceled");

    // The completion delivered again as a new event: no second refund, no error.
    const [completed] = (await testStripe().events.list({ type: "checkout.session.completed", limit: 100 })).data.filter((event) => (event.data.object as { id?: string }).id === second.sessionId);
    expect((await handleStripeWebhook(signedWebhookRequest({ ...completed!, id: `${completed!.id}_again` }))).status).toBe(200);
    expect(await refundsOf(duplicate)).toHaveLength(1);
  });
});

describe("a Checkout paid after its plan ended (canceled by staff while the customer was paying)", () => {
  it("bills nothing: cancelled and refunded in full, once; the plan stays canceled", async () => {
    const { staff, customerPlan, portal } = await cardPlanAwaitingPayment();
    const checkout = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/paid" });
    await cancelCustomerPlan(staff, { customerPlanId: customerPlan.id });
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ status: "canceled" });

    expect((await payHostedCheckout(checkout.url)).status).toBe(303);
    await settle();
    const subscription = (await testStripe().checkout.sessions.retrieve(checkout.sessionId)).subscription as string;
    expect((await testStripe().subscriptions.retrieve(subscription)).status).toBe("canceled");
    expect((await refundsOf(subscription)).map((refund) => [refund.amount, refund.reason, refund.status])).toEqual([[4200, "requested_by_customer", "succeeded"]]);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ status: "canceled", stripeSubscriptionId: null });

    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription}`] })).toBeDefined();
    expect(await refundsOf(subscription)).toHaveLength(1);
  });
});

describe("a Checkout paid after staff REMOVED its plan (the row deleted while the customer was paying)", () => {
  it("bills nothing: cancelled and refunded in full, once, however its events come", async () => {
    const { staff, customerPlan, portal } = await cardPlanAwaitingPayment();
    const checkout = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/paid" });
    await removeCustomerPlan(staff, { customerPlanId: customerPlan.id });
    expect(await db().customerPlan.findUnique({ where: { id: customerPlan.id } })).toBeNull();

    expect((await payHostedCheckout(checkout.url)).status).toBe(303);
    await settle();
    const subscription = (await testStripe().checkout.sessions.retrieve(checkout.sessionId)).subscription as string;
    expect((await testStripe().subscriptions.retrieve(subscription)).status).toBe("canceled");
    expect((await refundsOf(subscription)).map((refund) => [refund.amount, refund.reason, refund.status, refund.metadata?.equinox_subscription_id])).toEqual([
      [4200, "requested_by_customer", "succeeded", subscription],
    ]);
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription}`] });
    const [completed] = (await testStripe().events.list({ type: "checkout.session.completed", limit: 100 })).data.filter((event) => (event.data.object as { id?: string }).id === checkout.sessionId);
    expect((await handleStripeWebhook(signedWebhookRequest({ ...completed!, id: `${completed!.id}_again` }))).status).toBe(200);
    expect(await refundsOf(subscription)).toHaveLength(1);
  });

  it("removed AFTER its Checkout billed it: the subscription is cancelled, nothing refunded (the plan was billed)", async () => {
    const { staff, customerPlan, portal } = await cardPlanAwaitingPayment();
    const checkout = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/paid" });
    expect((await payHostedCheckout(checkout.url)).status).toBe(303);
    await settle();
    const subscription = (await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).stripeSubscriptionId!;
    expect(subscription).toMatch(/^sub_/);

    await removeCustomerPlan(staff, { customerPlanId: customerPlan.id });
    expect(await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${subscription}`] })).toMatchObject({ done: 1 });
    await settle();
    expect((await testStripe().subscriptions.retrieve(subscription)).status).toBe("canceled");
    expect(await refundsOf(subscription)).toEqual([]);
    // Its completion delivered again: still nothing refunded.
    const [completed] = (await testStripe().events.list({ type: "checkout.session.completed", limit: 100 })).data.filter((event) => (event.data.object as { id?: string }).id === checkout.sessionId);
    expect((await handleStripeWebhook(signedWebhookRequest({ ...completed!, id: `${completed!.id}_again` }))).status).toBe(200);
    expect(await refundsOf(subscription)).toEqual([]);
  });
});
