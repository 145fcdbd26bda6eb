// billing.setup_payment: a Checkout Session in setup mode, where the customer saves a card
// without paying. When it completes, the checkout.session.completed webhook makes that card the
// customer's default payment method. Also behind the portal's "Add payment method".
import "server-only";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { attachAfterSetupUnsupported, stripeSessionWithoutUrl } from "./errors";
import { withStripeCustomer } from "./ensure-stripe-customer";
import { findBillingCustomer, apiCustomerId } from "./billing-customer";
import { setupPaymentInput, type BillingUrlResult, type SetupPaymentInput } from "./schemas";
import { stripeFor } from "./stripe-client";
import { callStripe } from "./stripe-errors";
import { checkoutMetadata } from "./checkout-metadata";

export async function setupPayment(ctx: Ctx, input: SetupPaymentInput): Promise<BillingUrlResult> {
  const data = setupPaymentInput.parse(input);
  if (data.plan_id !== undefined) {
    throw attachAfterSetupUnsupported();
  }
  const found = await findBillingCustomer(ctx, data.customer_id);
  const metadata = checkoutMetadata({ env: ctx.env, customerId: found.id, purpose: "setup_payment" });
  const session = await withStripeCustomer(ctx, found.id, (customer) =>
    callStripe(ctx.env, "start the payment method setup", () =>
      stripeFor(ctx.env).checkout.sessions.create({
        mode: "setup",
        // Stripe needs a currency in setup mode when it chooses the payment methods itself.
        currency: "usd",
        customer: customer.stripeId,
        client_reference_id: customer.id,
        success_url: data.success_url ?? env().APP_URL,
        metadata,
        setup_intent_data: { metadata },
      }),
    ),
  );
  if (!session.url) throw stripeSessionWithoutUrl("setup session");
  return { customer_id: apiCustomerId(found), url: session.url };
}
