"use server";
// The customer page's Stripe buttons: "Create in Stripe" and "Link Stripe customer". Thin
// adapters onto lib/billing; staffAction checks the session and role and maps errors (a Stripe
// failure comes back as { code: "stripe_error", message } to show as it is).
import { staffAction } from "@/lib/auth/staff-action";
import { createStripeCustomerNow, linkStripeCustomer } from "@/lib/billing/stripe-customer-actions";
import { stripeCustomerUrl } from "@/lib/billing/stripe-links";
import type { LinkStripeCustomerInput, StripeLinkInput } from "@/lib/billing/schemas";

const detailPaths = (customerId: string) => ["/customers", `/customers/${customerId}`];

export async function createInStripeAction(input: StripeLinkInput) {
  return staffAction(
    async (ctx) => {
      const customer = await createStripeCustomerNow(ctx, input);
      return { stripeId: customer.stripeId!, stripeUrl: stripeCustomerUrl(ctx.env, customer.stripeId!) };
    },
    { revalidate: detailPaths(input.customerId) },
  );
}

export async function linkStripeCustomerAction(input: LinkStripeCustomerInput) {
  return staffAction(
    async (ctx) => {
      const customer = await linkStripeCustomer(ctx, input);
      return { stripeId: customer.stripeId!, stripeUrl: stripeCustomerUrl(ctx.env, customer.stripeId!) };
    },
    { revalidate: detailPaths(input.customerId) },
  );
}
