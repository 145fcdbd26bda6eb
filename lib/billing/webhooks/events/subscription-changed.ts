// A subscription was created, changed or ended: the customer plans it bills follow it (activated
// from Equinox's checkout when checkout.session.completed has not done it yet; past due, renewed,
// ending at a scheduled cancellation, active again; canceled when it ended, a group falling back
// to its default plan).
import type Stripe from "stripe";
import type { Tx } from "@/lib/db";
import { applySubscriptionState, latestSubscription } from "../subscription-state";
import { latestInvoiceIfPastDue } from "../stopped-plan-billing";
import type { StripeEventHandler, StripeWebhookInput } from "../types";

type SubscriptionEvent = Extract<Stripe.Event, { type: "customer.subscription.created" | "customer.subscription.updated" | "customer.subscription.deleted" }>;
/** The subscription as Stripe has it now, and its latest invoice when it is past due (which plans that invoice bills). */
type Prepared = { subscription: Stripe.Subscription | null; latestInvoice: Stripe.Invoice | null };

/** The subscription as Stripe has it now (fetched in `prepare`), applied; nothing when it is gone. */
export async function applyLatestSubscription(tx: Tx, { ctx }: StripeWebhookInput, { subscription, latestInvoice }: Prepared): Promise<void> {
  if (subscription) await applySubscriptionState(tx, ctx, subscription, { latestInvoice });
}

export const subscriptionChanged: StripeEventHandler<SubscriptionEvent, Prepared> = {
  prepare: async ({ env, event }) => {
    const subscription = await latestSubscription(env, event.data.object.id, event.data.object);
    return { subscription, latestInvoice: await latestInvoiceIfPastDue(env, subscription) };
  },
  apply: applyLatestSubscription,
};
