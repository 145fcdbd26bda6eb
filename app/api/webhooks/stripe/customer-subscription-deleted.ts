// A subscription ended (canceled in the portal, deleted with its customer, unpaid to the end):
// the plans it billed are canceled, and a group falls back to its default plan.
import { defineStripeHandler } from "@/lib/billing/webhooks/types";
import { applySubscriptionState, latestSubscription } from "@/lib/billing/webhooks/subscription-state";

export const customerSubscriptionDeleted = defineStripeHandler("customer.subscription.deleted", {
  prepare: ({ env, event }) => latestSubscription(env, event.data.object.id, event.data.object),
  apply: async (tx, { ctx }, subscription) => {
    if (subscription) await applySubscriptionState(tx, ctx, subscription);
  },
});
