// A Stripe customer was deleted: the Equinox customer linked to it is unlinked (never recreated
// here; the next billing operation that needs one creates a fresh Stripe customer).
import { defineStripeHandler } from "../types";
import { unlinkDeletedStripeCustomer } from "../customer-from-stripe";

export const customerDeleted = defineStripeHandler("customer.deleted", {
  apply: (tx, { ctx, event }) => unlinkDeletedStripeCustomer(tx, ctx, event.data.object.id),
});
