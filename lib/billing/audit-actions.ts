// Audit actions recorded by the Stripe work. STRIPE_CUSTOMER_CREATED also numbers the Stripe
// customers Equinox made for one customer (see ensure-stripe-customer.ts).
export const STRIPE_AUDIT = {
  customerCreated: "customer.stripe_customer_created",
  customerUnlinked: "customer.stripe_customer_unlinked",
  customerSynced: "customer.synced_from_stripe",
  paymentMethodSaved: "customer.payment_method_saved",
  subscriptionSynced: "customer_plan.stripe_synced",
} as const;
