// The portal's plan buttons: "Pay now" for a plan billed by card that waits for payment (Checkout,
// through startCardPayment), and cancel at the period's end / keep a plan (updateCustomerPlanBilling,
// which refuses an end customer whose self-serve cancel is off). The customer is the session
// user's, resolved here; the plan id a button sends is checked against it by those functions.
import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { isDomainError } from "@/lib/errors";
import { startCardPayment } from "@/lib/billing/lifecycle/start-card-payment";
import { updateCustomerPlanBilling } from "@/lib/billing/changes/update-customer-plan-billing";
import { findPortalUserCustomer } from "@/lib/customers/customer-queries";
import { describeError } from "./describe-error";
import { BILLING_NOT_CONNECTED, portalBillingAvailable } from "./portal-billing";
import type { PortalCtx } from "./portal-ctx";

export type PortalPlanResult = { ok: true; url: string | null } | { ok: false; message: string };

/** The query parameter Checkout returns with after "Pay now", so the portal can say so. */
export const PLAN_PAID_PARAM = "paid";

const SETTING_UP = "Your account is still being set up. Reload the page in a moment and try again.";
const OUR_SIDE = "Something went wrong on our side. Try again in a moment.";

/** What the customer reads when a plan button's change was refused (also the portal's change plan). */
export function portalPlanMessage(error: unknown, what: string, ctx: PortalCtx): string {
  if (isDomainError(error)) {
    switch (error.code) {
      case "cancel_not_allowed":
        return "Your plans are managed with us under your agreement: contact us to cancel or change them.";
      case "not_found":
      case "customer_not_found":
      case "subscription_not_found":
        return "This plan is no longer on your account. Reload the page to see your plans as they are now.";
      case "invalid_request":
      case "invalid_inputs":
        return "This plan cannot be changed that way any more. Reload the page to see it as it is now.";
      case "stripe_error":
        return "Stripe could not be reached or refused the request. Try again in a moment.";
    }
  }
  console.error(`[portal] ${what} failed for user ${ctx.actor.userId}: ${describeError(error)}`);
  return OUR_SIDE;
}

/** Checkout's URL to pay a card-billed plan of the signed-in customer. */
export async function payPortalPlan(ctx: PortalCtx, customerPlanId: string): Promise<PortalPlanResult> {
  const customer = await findPortalUserCustomer(db(), ctx.env, ctx.actor.userId);
  if (!customer) return { ok: false, message: SETTING_UP };
  if (!portalBillingAvailable(ctx)) return { ok: false, message: BILLING_NOT_CONNECTED };
  const successUrl = new URL("/portal", env().APP_URL);
  successUrl.searchParams.set(PLAN_PAID_PARAM, "1");
  try {
    const { url } = await startCardPayment(ctx, customerPlanId, { successUrl: successUrl.toString() });
    return { ok: true, url };
  } catch (error) {
    return { ok: false, message: portalPlanMessage(error, "pay now", ctx) };
  }
}

/** Cancels the plan at the end of its period (`cancel`), or takes that cancellation back. */
export async function setPortalPlanCancel(ctx: PortalCtx, customerPlanId: string, cancel: boolean): Promise<PortalPlanResult> {
  const customer = await findPortalUserCustomer(db(), ctx.env, ctx.actor.userId);
  if (!customer) return { ok: false, message: SETTING_UP };
  try {
    await updateCustomerPlanBilling(ctx, {
      customer_id: customer.externalId ?? customer.id,
      subscription_id: customerPlanId,
      cancel_action: cancel ? "cancel_end_of_cycle" : "uncancel",
    });
    return { ok: true, url: null };
  } catch (error) {
    return { ok: false, message: portalPlanMessage(error, cancel ? "cancel plan" : "keep plan", ctx) };
  }
}
