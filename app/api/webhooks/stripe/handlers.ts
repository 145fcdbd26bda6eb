import type { StripeEventHandlers } from "@/lib/billing/webhooks/types";
import { checkoutSessionCompleted } from "./checkout-session-completed";
import { customerUpdated } from "./customer-updated";
import { customerDeleted } from "./customer-deleted";
import { customerSubscriptionCreated } from "./customer-subscription-created";
import { customerSubscriptionUpdated } from "./customer-subscription-updated";
import { customerSubscriptionDeleted } from "./customer-subscription-deleted";
import { invoicePaid } from "./invoice-paid";
import { invoicePaymentFailed } from "./invoice-payment-failed";

/** The events Equinox acts on; any other event is acknowledged and ignored. */
export const stripeEventHandlers: StripeEventHandlers = {
  "checkout.session.completed": checkoutSessionCompleted,
  "customer.updated": customerUpdated,
  "customer.deleted": customerDeleted,
  "customer.subscription.created": customerSubscriptionCreated,
  "customer.subscription.updated": customerSubscriptionUpdated,
  "customer.subscription.deleted": customerSubscriptionDeleted,
  "invoice.paid": invoicePaid,
  "invoice.payment_failed": invoicePaymentFailed,
};
