// A Stripe customer was edited: its name and email come over to the linked Equinox customer.
import { defineStripeHandler } from "../types";
import { latestStripeCustomer, syncCustomerFromStripe } from "../customer-from-stripe";

export const customerUpdated = defineStripeHandler("customer.updated", {
  // The current state, not the event's snapshot: two quick edits may arrive in either order.
  prepare: ({ env, event }) => latestStripeCustomer(env, event.data.object.id),
  apply: async (tx, { ctx }, latest) => {
    if (latest) await syncCustomerFromStripe(tx, ctx, latest);
  },
});
