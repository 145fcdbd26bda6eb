// billing.open_customer_portal: a Stripe billing portal session for the customer (created in
// Stripe first if it has no Stripe customer yet). Also behind the portal's "Manage billing".
import "server-only";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { withStripeCustomer } from "./ensure-stripe-customer";
import { findBillingCustomer, apiCustomerId } from "./billing-customer";
import { openCustomerPortalInput, type BillingUrlResult, type OpenCustomerPortalInput } from "./schemas";
import { stripeFor } from "./stripe-client";
import { callStripe } from "./stripe-errors";

export async function openCustomerPortal(ctx: Ctx, input: OpenCustomerPortalInput): Promise<BillingUrlResult> {
  const data = openCustomerPortalInput.parse(input);
  const found = await findBillingCustomer(ctx, data.customer_id);
  const session = await withStripeCustomer(ctx, found.id, (customer) =>
    callStripe(ctx.env, "open the billing portal", () =>
      stripeFor(ctx.env).billingPortal.sessions.create({
        customer: customer.stripeId,
        return_url: data.return_url ?? env().APP_URL,
        ...(data.configuration_id ? { configuration: data.configuration_id } : {}),
      }),
    ),
  );
  return { customer_id: apiCustomerId(found), url: session.url };
}
