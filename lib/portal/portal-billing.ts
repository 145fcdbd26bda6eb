// The portal's billing buttons: "Manage billing" (Stripe's customer portal) and "Add payment
// method" (a Checkout setup session), through the billing domain's own functions. The customer is
// the session user's, resolved here; the buttons send nothing that names a customer.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { openCustomerPortal } from "@/lib/billing/open-customer-portal";
import { setupPayment } from "@/lib/billing/setup-payment";
import { stripeConfigured } from "@/lib/billing/stripe-client";
import { findPortalUserCustomer } from "@/lib/customers/customer-queries";
import { describeError } from "./describe-error";
import type { PortalCtx } from "./portal-ctx";

export type PortalBillingAction = "manage_billing" | "add_payment_method";

export type PortalBillingResult = { ok: true; url: string } | { ok: false; message: string };

/** The query parameter Stripe's setup session returns with, so the portal can say the card was saved. */
export const PAYMENT_METHOD_ADDED_PARAM = "payment_method";

export const BILLING_NOT_CONNECTED =
  "Online billing is not connected yet, so payment details cannot be managed here. Your plans and usage are up to date; contact us to change how you pay.";

/** Whether the buttons can work: Stripe is configured for the portal's environment. */
export function portalBillingAvailable(ctx: PortalCtx): boolean {
  return stripeConfigured(ctx.env);
}

/** A URL to send the signed-in user to (Stripe), or a message to show them. */
export async function startPortalBilling(ctx: PortalCtx, action: PortalBillingAction): Promise<PortalBillingResult> {
  const customer = await findPortalUserCustomer(db(), ctx.env, ctx.actor.userId);
  if (!customer) return { ok: false, message: "Your account is still being set up. Reload the page in a moment and try again." };
  if (!portalBillingAvailable(ctx)) return { ok: false, message: BILLING_NOT_CONNECTED };

  // A tied customer always has an id (the user's, or the application's for a linked one); the
  // billing functions check again that it is this user's.
  const customerRef = customer.externalId ?? customer.id;
  const portalUrl = new URL("/portal", env().APP_URL);
  try {
    if (action === "manage_billing") {
      const { url } = await openCustomerPortal(ctx, { customer_id: customerRef, return_url: portalUrl.toString() });
      return { ok: true, url };
    }
    portalUrl.searchParams.set(PAYMENT_METHOD_ADDED_PARAM, "added");
    const { url } = await setupPayment(ctx, { customer_id: customerRef, success_url: portalUrl.toString() });
    return { ok: true, url };
  } catch (error) {
    console.error(`[portal] ${action} failed for user ${ctx.actor.userId} (customer ${customer.id}): ${describeError(error)}`);
    if (isDomainError(error) && error.code === "stripe_error") {
      return { ok: false, message: "Stripe could not be reached or refused the request. Try again in a moment." };
    }
    return { ok: false, message: "Something went wrong on our side. Try again in a moment." };
  }
}
