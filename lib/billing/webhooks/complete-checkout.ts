// What a completed Checkout Session means, by its purpose (set in its metadata by Equinox):
//   - plan: the plan becomes active (subscription mode: billed by that subscription; payment mode:
//     a one-off purchase);
//   - setup_payment: the saved card becomes the customer's default payment method.
// A plan's Checkout paid when another live subscription already bills that customer plan (a second
// tab), or after the plan ended or was removed, is cancelled and refunded
// (refund-duplicate-checkout.ts), never left charged for nothing.
// Sessions Equinox did not create (no metadata, or another environment's) are ignored.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { customerExists } from "@/lib/customers/customer-queries";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { stripeFor } from "../stripe-client";
import { callStripe } from "../stripe-errors";
import { planFromMetadata } from "../checkout-metadata";
import { STRIPE_AUDIT } from "../audit-actions";
import { activatePaidPlan } from "./activate-paid-plan";
import { applySubscriptionState, latestSubscription } from "./subscription-state";
import { idOf } from "./subscription-fields";
import { customerPlanFromMetadata } from "../lifecycle/start-billing";
import { activatePaidWaitingPlan } from "../lifecycle/awaiting-payment";
import { refundDuplicateCheckout } from "./refund-duplicate-checkout";

export type PreparedCheckout =
  | { purpose: "plan"; subscription: Stripe.Subscription | null }
  | { purpose: "setup_payment"; paymentMethodId: string | null }
  | null;

export async function prepareCheckoutCompletion(env: Env, session: Stripe.Checkout.Session): Promise<PreparedCheckout> {
  const metadata = session.metadata ?? {};
  if (metadata.equinox_env !== env) return null;
  if (metadata.equinox_purpose === "plan") {
    const subscriptionId = idOf(session.subscription);
    const subscription = subscriptionId ? await latestSubscription(env, subscriptionId) : null;
    const refunds = await refundDuplicateCheckout(env, subscription);
    // Re-read after a cancellation, so apply records the subscription as it now is.
    return { purpose: "plan", subscription: refunds !== null && subscriptionId ? await latestSubscription(env, subscriptionId) : subscription };
  }
  if (metadata.equinox_purpose === "setup_payment") return { purpose: "setup_payment", paymentMethodId: await makeDefaultPaymentMethod(env, session) };
  return null;
}

/** Makes the card saved in a setup-mode session the customer's default (Stripe does not do it itself). */
async function makeDefaultPaymentMethod(env: Env, session: Stripe.Checkout.Session): Promise<string | null> {
  const setupIntentId = idOf(session.setup_intent);
  const stripeCustomerId = idOf(session.customer);
  if (!setupIntentId || !stripeCustomerId) return null;
  const stripe = stripeFor(env);
  const intent = await callStripe(env, "read the setup intent", () => stripe.setupIntents.retrieve(setupIntentId));
  const paymentMethodId = idOf(intent.payment_method);
  if (!paymentMethodId) return null;
  await callStripe(env, "set the default payment method", () =>
    stripe.customers.update(stripeCustomerId, { invoice_settings: { default_payment_method: paymentMethodId } }),
  );
  return paymentMethodId;
}

export async function applyCheckoutCompletion(tx: Tx, ctx: Ctx, session: Stripe.Checkout.Session, prepared: PreparedCheckout): Promise<void> {
  if (!prepared) return;
  if (prepared.purpose === "setup_payment") {
    const customerId = session.metadata?.equinox_customer_id;
    if (!customerId || !(await customerExists(tx, ctx.env, customerId)) || !prepared.paymentMethodId) return;
    await recordAuditEvent(tx, ctx, {
      action: STRIPE_AUDIT.paymentMethodSaved,
      targetType: "customer",
      targetId: customerId,
      customerId: customerId,
      target: { stripe_customer: idOf(session.customer), checkout_session: session.id },
      after: { default_payment_method: prepared.paymentMethodId },
    });
    return;
  }

  const target = planFromMetadata(session.metadata, ctx.env);
  if (!target) return;
  if (session.mode === "subscription") {
    if (prepared.subscription) await applySubscriptionState(tx, ctx, prepared.subscription, { target });
    return;
  }
  if (session.payment_status !== "paid") return;
  // A card-billed plan's one-off payment: that customer plan is paid (and starts if it waited for it).
  const customerPlanId = customerPlanFromMetadata(session.metadata, ctx.env);
  if (customerPlanId) {
    await activatePaidWaitingPlan(tx, ctx, customerPlanId, new Date());
    await tx.customerPlan.updateMany({ where: { id: customerPlanId, env: ctx.env, billingMode: "card" }, data: { billingState: "active" } });
    return;
  }
  await activatePaidPlan(tx, ctx, target, null);
}
