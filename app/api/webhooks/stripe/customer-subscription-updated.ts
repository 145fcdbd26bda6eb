// A subscription changed: status (past due, active again), period (renewed), a cancellation at
// period end set or withdrawn.
import { defineStripeHandler } from "@/lib/billing/webhooks/types";
import { applySubscriptionState, latestSubscription } from "@/lib/billing/webhooks/subscription-state";

export const customerSubscriptionUpdated = defineStripeHandler("customer.subscription.updated", {
  prepare: ({ env, event }) => latestSubscription(env, event.data.object.id, event.data.object),
  apply: async (tx, { ctx }, subscription) => {
    if (subscription) await applySubscriptionState(tx, ctx, subscription);
  },
});
