// What Equinox writes on a Stripe customer: its name and email (the billing email when one is set:
// Stripe sends invoices to the customer's email), and metadata that maps it back
// to the Equinox customer (autumn_id = the application's id, autumn_internal_id = ours), the same
// keys Autumn uses, so tools that read them keep working.
import type Stripe from "stripe";
import type { Customer } from "@/lib/generated/prisma";

export type StripeMetadata = { autumn_id: string; autumn_internal_id: string };

/** The metadata mapping. A pending customer has no id yet: "" removes autumn_id in Stripe. */
export function stripeCustomerMetadata(customer: Pick<Customer, "id" | "externalId">): StripeMetadata {
  return { autumn_id: customer.externalId ?? "", autumn_internal_id: customer.id };
}

/** Parameters of the create call. */
export function stripeCustomerCreateParams(customer: Customer): Stripe.CustomerCreateParams {
  const metadata: Record<string, string> = { autumn_internal_id: customer.id };
  if (customer.externalId) metadata.autumn_id = customer.externalId;
  return {
    ...(customer.name ? { name: customer.name } : {}),
    ...(billingEmailOf(customer) ? { email: billingEmailOf(customer)! } : {}),
    metadata,
  };
}

/**
 * Parameters of the sync call. An empty name or email in Equinox leaves Stripe's value alone: a
 * Stripe customer linked by `stripe_id` keeps the details it already had.
 */
export function stripeCustomerUpdateParams(customer: Customer): Stripe.CustomerUpdateParams {
  return {
    ...(customer.name ? { name: customer.name } : {}),
    ...(billingEmailOf(customer) ? { email: billingEmailOf(customer)! } : {}),
    metadata: stripeCustomerMetadata(customer),
  };
}

/** The address Stripe sends invoices to: the billing email set for invoices, else the customer's own. */
export const billingEmailOf = (customer: Pick<Customer, "email" | "billingEmail">): string | null => customer.billingEmail ?? customer.email;
