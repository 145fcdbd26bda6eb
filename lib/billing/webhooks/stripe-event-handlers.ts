// The Stripe events Equinox acts on, one small file each under events/; any other event is
// acknowledged and ignored.
import type { StripeEventHandlers } from "./types";
import { checkoutSessionCompleted } from "./events/checkout-session-completed";
import { customerUpdated } from "./events/customer-updated";
import { customerDeleted } from "./events/customer-deleted";
import { subscriptionChanged } from "./events/subscription-changed";
import { invoicePaid } from "./events/invoice-paid";
import { invoicePaymentFailed } from "./events/invoice-payment-failed";

export const stripeEventHandlers: StripeEventHandlers = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.updated": customerUpdated,
  "customer.deleted": customerDeleted,
  "customer.subscription.created": subscriptionChanged,
  "customer.subscription.updated": subscriptionChanged,
  "customer.subscription.deleted": subscriptionChanged,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};
