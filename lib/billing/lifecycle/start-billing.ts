// The outbox job that starts a customer plan's invoice billing in Stripe (START_BILLING_JOB):
// the Stripe customer (ensured), then a subscription with collection_method=send_invoice and the
// plan's net terms, at the negotiated price (else the plan version's), with metadata linking it to
// the environment, customer and customer plan. Then its first invoice is finalised and sent, or
// kept as a draft for staff to review (auto_advance=false).
//
// Safe to run again (the outbox retries after any failure): Stripe's idempotency keys are derived
// from the customer plan, so a retry gets the same product and subscription back; the link is
// saved before the invoice is touched, and each invoice step looks at the invoice's status first.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { emitSubscribedPlanEnded } from "@/lib/outbox/domain-events";
import { systemCtx } from "@/lib/context";
import type { OutboxJob } from "@/lib/outbox/job-handlers";
import { effectivePrice } from "@/lib/plans/customer-plan-lifecycle";
import { withStripeCustomer } from "../ensure-stripe-customer";
import { stripeFor } from "../stripe-client";
import { callStripe } from "../stripe-errors";
import { checkoutMetadata } from "../checkout-metadata";
import { subscriptionFields } from "../webhooks/subscription-fields";
import { upsertInvoiceFromStripe } from "../invoices/mirror-invoice";
import type { StartBillingPayload } from "./billing-jobs";
import { stripeRecurring } from "../stripe-recurring";


/** The metadata on a subscription (and Checkout) that bills one customer plan. */
export function customerPlanMetadata(input: { env: Env; customerId: string; customerPlanId: string; planId: string; planVersionId: string }): Record<string, string> {
  return {
    ...checkoutMetadata({ env: input.env, customerId: input.customerId, purpose: "plan", planId: input.planId, planVersionId: input.planVersionId }),
    equinox_customer_plan_id: input.customerPlanId,
  };
}

/** The customer plan a subscription or Checkout Session bills, when Equinox made it for one. */
export function customerPlanFromMetadata(metadata: Record<string, string> | null | undefined, env: Env): string | null {
  if (!metadata || metadata.equinox_env !== env) return null;
  return metadata.equinox_customer_plan_id || null;
}

export async function startBillingJob(job: OutboxJob): Promise<void> {
  const { customerPlanId } = job.payload as StartBillingPayload;
  const env = job.env;
  const cp = await db().customerPlan.findFirst({ where: { id: customerPlanId, env }, include: { plan: true, planVersion: true } });
  if (!cp || cp.billingState !== "starting" || cp.billingMode !== "invoice") return;
  if (cp.status !== "active" && cp.status !== "scheduled") {
    await db().customerPlan.updateMany({ where: { id: cp.id, billingState: "starting" }, data: { billingState: "ended" } });
    return;
  }
  const ctx = systemCtx(env, "Billing");
  const stripe = stripeFor(env);
  const price = effectivePrice(cp, cp.planVersion);
  const recurring = price ? stripeRecurring(price.interval) : undefined;
  if (!price || !recurring) throw new Error(`customer plan ${cp.id} has no recurring price to bill by invoice`);

  const subscription = await withStripeCustomer(ctx, cp.customerId, async (customer) => {
    if (cp.stripeSubscriptionId) return callStripe(env, "read the subscription", () => stripe.subscriptions.retrieve(cp.stripeSubscriptionId!));
    const product = await callStripe(env, "create the plan's product", () =>
      stripe.products.create({ name: cp.plan.name, metadata: { equinox_plan_id: cp.plan.planId } }, { idempotencyKey: `equinox-product-${cp.id}` }),
    );
    const metadata = customerPlanMetadata({ env, customerId: cp.customerId, customerPlanId: cp.id, planId: cp.plan.planId, planVersionId: cp.planVersionId });
    return callStripe(env, "create the invoice subscription", () =>
      stripe.subscriptions.create(
        {
          customer: customer.stripeId,
          collection_method: "send_invoice",
          days_until_due: cp.invoiceDaysUntilDue ?? 30,
          items: [{ quantity: cp.quantity, price_data: { currency: price.currency, product: product.id, unit_amount: price.amount, recurring } }],
          metadata,
        },
        { idempotencyKey: `equinox-subscription-${cp.id}-${customer.stripeId}` },
      ),
    );
  });
  // Linked before anything else: the webhooks about this subscription find their plan from now on.
  // Only while the plan is still live and billed by nothing else: staff may have cancelled or
  // replaced it while the subscription was being made, and then the subscription bills nothing.
  const linked = await db().customerPlan.updateMany({
    where: { id: cp.id, env, status: { in: ["active", "scheduled"] }, OR: [{ stripeSubscriptionId: null }, { stripeSubscriptionId: subscription.id }] },
    data: { stripeSubscriptionId: subscription.id, ...subscriptionFields(subscription) },
  });
  if (linked.count === 0) {
    await db().$transaction(async (tx) => {
      await tx.customerPlan.updateMany({ where: { id: cp.id, billingState: "starting" }, data: { billingState: "ended" } });
      await emitSubscribedPlanEnded(tx, env, { stripeSubscriptionId: subscription.id });
    });
    return;
  }

  const invoice = await firstInvoice(env, subscription, cp.invoiceAutoFinalize !== false);
  if (invoice) await upsertInvoiceFromStripe(env, invoice, Math.floor(Date.now() / 1000));
  const paid = !invoice || invoice.status === "paid" || invoice.amount_due === 0;
  // A webhook may have moved it on already (invoice.paid): only `starting` moves here.
  await db().customerPlan.updateMany({ where: { id: cp.id, billingState: "starting" }, data: { billingState: paid ? "active" : "awaiting_payment" } });
}

/** The subscription's first invoice, finalised and sent, or kept as a draft for review. */
async function firstInvoice(env: Env, subscription: Stripe.Subscription, finalize: boolean): Promise<Stripe.Invoice | null> {
  const invoiceId = typeof subscription.latest_invoice === "string" ? subscription.latest_invoice : subscription.latest_invoice?.id;
  if (!invoiceId) return null;
  const stripe = stripeFor(env);
  let invoice = await callStripe(env, "read the first invoice", () => stripe.invoices.retrieve(invoiceId));
  if (!finalize) {
    if (invoice.status === "draft" && invoice.auto_advance !== false) {
      invoice = await callStripe(env, "keep the first invoice as a draft", () => stripe.invoices.update(invoiceId, { auto_advance: false }));
    }
    return invoice;
  }
  if (invoice.status === "draft") {
    invoice = await callStripe(env, "finalize the first invoice", () => stripe.invoices.finalizeInvoice(invoiceId, { auto_advance: true }));
  }
  // Open also after a retry whose send failed: sending again only emails the customer again.
  if (invoice.status === "open") invoice = await callStripe(env, "send the first invoice", () => stripe.invoices.sendInvoice(invoiceId));
  return invoice;
}
