// Two Checkouts of one card-billed customer plan, both paid, their completions processed at the
// same moment (issue 18): neither completion's read saw the other's subscription, so the first
// links its subscription and the second's apply finds the plan taken and hands its subscription to
// the plan-ended job (cancel-stripe-subscription.ts). That job must refund the duplicate, once, as
// the completion webhook does when it sees the other; a plan that ended after its subscription
// billed it (staff cancel) is cancelled without a refund. Events are delivered by hand here, in
// the order the race gives them (no webhook endpoint: nothing arrives on its own).
import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { payHostedCheckout, signedWebhookRequest, testStripe } from "@/tests/factories/billing";
import { cardPlanAwaitingPayment, refundsOf } from "@/tests/factories/card-billing";
import { runOutboxOnce } from "@/lib/outbox/run-outbox";
import { SUBSCRIBED_PLAN_ENDED } from "@/lib/outbox/domain-events";
import { cancelCustomerPlan } from "@/lib/plans/cancel-customer-plan";
import { handleStripeWebhook } from "../webhooks/handle-stripe-webhook";
import { stripeEventHandlers } from "../webhooks/stripe-event-handlers";
import { checkoutSessionCompleted } from "../webhooks/events/checkout-session-completed";
import type { StripeEventHandlers } from "../webhooks/types";
import { startCardPayment } from "./start-card-payment";

/** Every event Stripe holds so far, oldest first. */
async function allEvents(): Promise<Stripe.Event[]> {
  return (await testStripe().events.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 })).reverse();
}

const deliver = async (event: Stripe.Event, handlers: StripeEventHandlers = stripeEventHandlers) =>
  expect((await handleStripeWebhook(signedWebhookRequest(event), handlers)).status).toBe(200);

const completionOf = (events: Stripe.Event[], sessionId: string) =>
  events.find((event) => event.type === "checkout.session.completed" && (event.data.object as { id?: string }).id === sessionId)!;

async function paidCardPlanWithTwoCheckouts() {
  const { staff, customerPlan, portal } = await cardPlanAwaitingPayment();
  const first = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/tab-1" });
  const second = await startCardPayment(portal, customerPlan.id, { successUrl: "http://127.0.0.1/tab-2" });
  expect((await payHostedCheckout(first.url)).status).toBe(303);
  expect((await payHostedCheckout(second.url)).status).toBe(303);
  return { staff, customerPlan, first, second };
}

describe("two paid Checkouts of one plan completed at the same moment", () => {
  it("the one that lost the race is cancelled and refunded once, by the plan-ended job; the winner bills and keeps its money", async () => {
    const { customerPlan, first, second } = await paidCardPlanWithTwoCheckouts();
    const events = await allEvents();
    // The second completion reads Stripe and the plan (nothing links it yet: no refund), then the
    // first completion runs through and links its subscription, then the second one's apply runs.
    const racing: StripeEventHandlers = {
      ...stripeEventHandlers,
      "checkout.session.completed": {
        prepare: async (input: Parameters<NonNullable<typeof checkoutSessionCompleted.prepare>>[0]) => {
          const prepared = await checkoutSessionCompleted.prepare!(input);
          await deliver(completionOf(events, first.sessionId));
          return prepared;
        },
        apply: checkoutSessionCompleted.apply,
      },
    } as StripeEventHandlers;
    await deliver(completionOf(events, second.sessionId), racing);
    for (const event of events) await deliver(event);

    const billing = (await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).stripeSubscriptionId!;
    const duplicate = (await testStripe().checkout.sessions.retrieve(second.sessionId)).subscription as string;
    expect(billing).toBe((await testStripe().checkout.sessions.retrieve(first.sessionId)).subscription);
    expect(duplicate).not.toBe(billing);
    // Nothing refunded it yet: the completion did not know; the plan-ended job is what cancels it.
    expect(await refundsOf(duplicate)).toEqual([]);
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${duplicate}`] });

    expect((await testStripe().subscriptions.retrieve(duplicate)).status).toBe("canceled");
    expect((await refundsOf(duplicate)).map((refund) => [refund.amount, refund.reason, refund.status])).toEqual([[4200, "duplicate", "succeeded"]]);
    expect(await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).toMatchObject({ status: "active", billingState: "active", stripeSubscriptionId: billing });
    expect((await testStripe().subscriptions.retrieve(billing)).status).toBe("active");
    expect(await refundsOf(billing)).toEqual([]);

    // Everything again (the cancellation's own events, the completion as a new event): still one refund.
    for (const event of await allEvents()) await deliver(event);
    await deliver({ ...completionOf(events, second.sessionId), id: `${completionOf(events, second.sessionId).id}_again` });
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${duplicate}`] });
    expect(await refundsOf(duplicate)).toHaveLength(1);
    expect(await refundsOf(billing)).toEqual([]);
  });

  it("a plan staff cancel after its subscription billed it: the subscription is cancelled, nothing refunded", async () => {
    const { staff, customerPlan, first } = await paidCardPlanWithTwoCheckouts();
    for (const event of await allEvents()) await deliver(event);
    const billing = (await db().customerPlan.findUniqueOrThrow({ where: { id: customerPlan.id } })).stripeSubscriptionId!;
    expect(billing).toBe((await testStripe().checkout.sessions.retrieve(first.sessionId)).subscription);

    await cancelCustomerPlan(staff, { customerPlanId: customerPlan.id });
    await runOutboxOnce({ dedupeKeys: [`${SUBSCRIBED_PLAN_ENDED}:${billing}`] });
    expect((await testStripe().subscriptions.retrieve(billing)).status).toBe("canceled");
    expect(await refundsOf(billing)).toEqual([]);
  });
});
