// An invoice was paid: the subscription it belongs to is current again (no longer past due).
import { defineStripeHandler } from "../types";
import { latestSubscription } from "../subscription-state";
import { invoiceSubscriptionId } from "../invoice-subscription";
import { applyLatestSubscription } from "./subscription-changed";

export const invoicePaid = defineStripeHandler("invoice.paid", {
  prepare: async ({ env, event }) => {
    const subscriptionId = invoiceSubscriptionId(event.data.object);
    return subscriptionId ? latestSubscription(env, subscriptionId) : null;
  },
  apply: applyLatestSubscription,
});
