// A subscription was created. When it comes from Equinox's checkout (its metadata names the
// plan), the plan is activated here if checkout.session.completed has not done it yet.
import { defineStripeHandler } from "@/lib/billing/webhooks/types";
import { applySubscriptionState, latestSubscription } from "@/lib/billing/webhooks/subscription-state";

export const customerSubscriptionCreated = defineStripeHandler("customer.subscription.created", {
  prepare: ({ env, event }) => latestSubscription(env, event.data.object.id, event.data.object),
  apply: async (tx, { ctx }, subscription) => {
    if (subscription) await applySubscriptionState(tx, ctx, subscription);
  },
});
