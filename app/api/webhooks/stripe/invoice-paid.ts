// An invoice was paid: the subscription it belongs to is current again (no longer past due).
import { defineStripeHandler } from "@/lib/billing/webhooks/types";
import { applySubscriptionState, latestSubscription } from "@/lib/billing/webhooks/subscription-state";
import { invoiceSubscriptionId } from "@/lib/billing/webhooks/invoice-subscription";

export const invoicePaid = defineStripeHandler("invoice.paid", {
  prepare: async ({ env, event }) => {
    const subscriptionId = invoiceSubscriptionId(event.data.object);
    return subscriptionId ? latestSubscription(env, subscriptionId) : null;
  },
  apply: async (tx, { ctx }, subscription) => {
    if (subscription) await applySubscriptionState(tx, ctx, subscription);
  },
});
