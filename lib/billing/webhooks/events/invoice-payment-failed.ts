// A payment failed: the subscription's plans are past due, until an invoice is paid.
import { defineStripeHandler } from "../types";
import { applySubscriptionState, latestSubscription } from "../subscription-state";
import { invoiceSubscriptionId, latestInvoiceStatus } from "../invoice-subscription";
import { idOf } from "../subscription-fields";

export const invoicePaymentFailed = defineStripeHandler("invoice.payment_failed", {
  prepare: async ({ env, event }) => {
    const subscriptionId = invoiceSubscriptionId(event.data.object);
    if (!subscriptionId) return null;
    return { subscription: await latestSubscription(env, subscriptionId), invoiceStatus: await latestInvoiceStatus(env, event.data.object) };
  },
  apply: async (tx, { ctx, event }, prepared) => {
    if (!prepared?.subscription) return;
    // Past due while this invoice is still unpaid and the latest: an invoice paid since (its
    // invoice.paid may well have been delivered first) wins.
    const stillDue = prepared.invoiceStatus === "open" && idOf(prepared.subscription.latest_invoice) === event.data.object.id;
    await applySubscriptionState(tx, ctx, prepared.subscription, { forcePastDue: stillDue });
  },
});
