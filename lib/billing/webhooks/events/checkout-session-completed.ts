// A Checkout Session Equinox created was completed: activate the plan it paid for, or save the
// payment method it set up.
import { defineStripeHandler } from "../types";
import { applyCheckoutCompletion, prepareCheckoutCompletion } from "../complete-checkout";

export const checkoutSessionCompleted = defineStripeHandler("checkout.session.completed", {
  prepare: ({ env, event }) => prepareCheckoutCompletion(env, event.data.object),
  apply: (tx, { ctx, event }, prepared) => applyCheckoutCompletion(tx, ctx, event.data.object, prepared),
});
