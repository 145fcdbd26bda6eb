// billing.setup_payment: a Checkout Session in setup mode, where the customer saves a card
// without paying. When it completes, the checkout.session.completed webhook makes that card the
// customer's default payment method. Also behind the portal's "Add payment method".
import "server-only";
import type { Ctx } from "@/lib/context";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { withStripeCustomer } from "./ensure-stripe-customer";
import { findBillingCustomer, apiCustomerId } from "./billing-customer";
import { setupPaymentInput, type BillingUrlResult, type SetupPaymentInput } from "./schemas";
import { stripeFor } from "./stripe-client";
import { callStripe } from "./stripe-errors";
import { checkoutMetadata } from "./checkout-metadata";

export async function setupPayment(ctx: Ctx, input: SetupPaymentInput): Promise<BillingUrlResult> {
  const data = setupPaymentInput.parse(input);
  if (data.plan_id !== undefined) {
    throw new DomainError("invalid_request", "plan_id: attaching a plan after setup is not supported; save the payment method, then call billing.attach", {
      field: "plan_id",
    });
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
  if (!session.url) throw new DomainError("stripe_error", "Stripe created the setup session without a URL; retry the same call", { status: 502 });
  return { customer_id: apiCustomerId(found), url: session.url };
}
