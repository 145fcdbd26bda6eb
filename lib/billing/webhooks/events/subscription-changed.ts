// A subscription was created, changed or ended: the customer plans it bills follow it (activated
// from Equinox's checkout when checkout.session.completed has not done it yet; past due, renewed,
// ending at a scheduled cancellation, active again; canceled when it ended, a group falling back
// to its default plan).
import type Stripe from "stripe";
import type { Tx } from "@/lib/db";
import { applySubscriptionState, latestSubscription } from "../subscription-state";
import type { StripeEventHandler, StripeWebhookInput } from "../types";

type SubscriptionEvent = Extract<Stripe.Event, { type: "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted" }>;

/** The subscription as Stripe has it now (fetched in `prepare`), applied; nothing when it is gone. */
export async function applyLatestSubscription(tx: Tx, { ctx }: StripeWebhookInput, subscription: Stripe.Subscription | null): Promise<void> {
  if (subscription) await applySubscriptionState(tx, ctx, subscription);
}

export const subscriptionChanged: StripeEventHandler<SubscriptionEvent, Stripe.Subscription | null> = {
  prepare: ({ env, event }) => latestSubscription(env, event.data.object.id, event.data.object),
  apply: applyLatestSubscription,
};
