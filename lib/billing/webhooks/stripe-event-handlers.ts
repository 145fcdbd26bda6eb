// The Stripe events Equinox acts on, one small file each under events/; any other event is
// acknowledged and ignored.
import type { StripeEventHandlers } from "./types";
import { checkoutSessionCompleted } from "./events/checkout-session-completed";
import { customerUpdated } from "./events/customer-updated";
import { customerDeleted } from "./events/customer-deleted";
import { subscriptionChanged } from "./events/subscription-changed";
import { invoiceChanged } from "./events/invoice-changed";
import { trialWillEnd } from "./events/trial-will-end";

export const stripeEventHandlers: StripeEventHandlers = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.updated": customerUpdated,
  "customer.deleted": customerDeleted,
  "customer.subscription.created": subscriptionChanged,
  "customer.subscription.updated": subscriptionChanged,
  "customer.subscription.deleted": subscriptionChanged,
  "customer.subscription.trial_will_end": trialWillEnd,
  // The invoices mirror and the plan's billing state (invoice-changed.ts), for every change.
  "invoice.created": invoiceChanged,
  "invoice.finalized": invoiceChanged,
  "invoice.sent": invoiceChanged,
  "invoice.updated": invoiceChanged,
  "invoice.paid": invoiceChanged,
  "invoice.payment_succeeded": invoiceChanged,
  "invoice.payment_failed": invoiceChanged,
  "invoice.voided": invoiceChanged,
  "invoice.marked_uncollectible": invoiceChanged,
};
