// The outbox job that starts a customer plan's invoice billing in Stripe (START_BILLING_JOB):
// the Stripe customer (ensured), then a subscription with collection_method=send_invoice and the
// plan's net terms, at the negotiated price (else the plan version's), with metadata linking it to
// the environment, customer and customer plan, and the attach's terms kept on the customer plan
// (quantity, discounts, trial_end, cancel_at at a contract's end: subscriptionTerms). A job for
// several plans (billing.multi_attach) makes ONE subscription with one item per plan. Then its
// first invoice is finalised and sent, or kept as a draft for staff to review (auto_advance=false).
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
import { stripeDiscountsOfRow } from "../api/discounts";


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
  const payload = job.payload as StartBillingPayload;
  const env = job.env;
  const ids = payload.customerPlanIds && payload.customerPlanIds.length > 0 ? payload.customerPlanIds : [payload.customerPlanId];
  const found = await db().customerPlan.findMany({ where: { id: { in: ids }, env }, include: { plan: true, planVersion: true } });
  // In the payload's order: the first is the one the subscription's metadata names.
  const rows = ids.flatMap((id) => found.filter((cp) => cp.id === id));
  const starting = rows.filter((cp) => cp.billingState === "starting" && cp.billingMode === "invoice");
  const gone = starting.filter((cp) => cp.status !== "active" && cp.status !== "scheduled");
  if (gone.length > 0) await db().customerPlan.updateMany({ where: { id: { in: gone.map((cp) => cp.id) }, billingState: "starting" }, data: { billingState: "ended" } });
  const live = starting.filter((cp) => cp.status === "active" || cp.status === "scheduled");
  // The first LIVE plan of the list leads: its terms (net terms, review, discounts, trial, contract
  // end) are the subscription's and its metadata names it. The payload's first may have been
  // canceled or replaced meanwhile (a group whose billing waited for a claim or a start date).
  const lead = live[0];
  if (!lead) return;
  // A retry after the subscription was made and linked to some: the same one, found again.
  const linkedTo = live.find((cp) => cp.stripeSubscriptionId)?.stripeSubscriptionId ?? null;

  const ctx = systemCtx(env, "Billing");
  const stripe = stripeFor(env);
  const priced = live.map((cp) => {
    const price = effectivePrice(cp, cp.planVersion);
    const recurring = price ? stripeRecurring(price.interval) : undefined;
    if (!price || !recurring) throw new Error(`customer plan ${cp.id} has no recurring price to bill by invoice`);
    return { cp, price, recurring };
  });
  const terms = subscriptionTerms(lead, Date.now());

  const subscription = await withStripeCustomer(ctx, lead.customerId, async (customer) => {
    if (linkedTo) return callStripe(env, "read the subscription", () => stripe.subscriptions.retrieve(linkedTo));
    const items: Stripe.SubscriptionCreateParams.Item[] = [];
    for (const { cp, price, recurring } of priced) {
      const product = await callStripe(env, "create the plan's product", () =>
        stripe.products.create({ name: cp.plan.name, metadata: { equinox_plan_id: cp.plan.planId } }, { idempotencyKey: `equinox-product-${cp.id}` }),
      );
      items.push({
        quantity: cp.quantity,
        price_data: { currency: price.currency, product: product.id, unit_amount: price.amount, recurring },
        // Several plans on one subscription: each item names its plan, so ending one plan removes only its item.
        ...(priced.length > 1 ? { metadata: { [ITEM_PLAN_KEY]: cp.id } } : {}),
      });
    }
    const metadata = customerPlanMetadata({ env, customerId: lead.customerId, customerPlanId: lead.id, planId: lead.plan.planId, planVersionId: lead.planVersionId });
    return callStripe(env, "create the invoice subscription", () =>
      stripe.subscriptions.create(
        {
          customer: customer.stripeId,
          collection_method: "send_invoice",
          days_until_due: lead.invoiceDaysUntilDue ?? 30,
          items,
          metadata,
          ...terms,
        },
        { idempotencyKey: `equinox-subscription-${lead.id}-${customer.stripeId}` },
      ),
    );
  });
  // Linked before anything else: the webhooks about this subscription find their plans from now on.
  // Only while a plan is still live and billed by nothing else: staff may have cancelled or
  // replaced it while the subscription was being made, and then its item bills nothing.
  let linkedCount = 0;
  for (const { cp } of priced) {
    const linked = await db().customerPlan.updateMany({
      where: { id: cp.id, env, status: { in: ["active", "scheduled"] }, OR: [{ stripeSubscriptionId: null }, { stripeSubscriptionId: subscription.id }] },
      data: { stripeSubscriptionId: subscription.id, ...subscriptionFields(subscription) },
    });
    if (linked.count === 0) await db().customerPlan.updateMany({ where: { id: cp.id, billingState: "starting" }, data: { billingState: "ended" } });
    linkedCount += linked.count;
  }
  if (linkedCount < priced.length) {
    // The outbox's cancel job cancels a subscription that bills nothing, or removes the items of the plans that ended.
    await db().$transaction(async (tx) => emitSubscribedPlanEnded(tx, env, { stripeSubscriptionId: subscription.id }));
    if (linkedCount === 0) return;
  }

  const invoice = await firstInvoice(env, subscription, lead.invoiceAutoFinalize !== false);
  if (invoice) await upsertInvoiceFromStripe(env, invoice, Math.floor(Date.now() / 1000));
  const paid = !invoice || invoice.status === "paid" || invoice.amount_due === 0;
  // A webhook may have moved them on already (invoice.paid): only `starting` moves here.
  await db().customerPlan.updateMany({
    where: { id: { in: priced.map(({ cp }) => cp.id) }, billingState: "starting" },
    data: { billingState: paid ? "active" : "awaiting_payment" },
  });
}

/** The item metadata naming the customer plan an item bills, on a subscription that bills several. */
export const ITEM_PLAN_KEY = "equinox_customer_plan_id";

/**
 * The subscription metadata saying Equinox removed a plan's item because the plan stops at the
 * period's end (stopBillingAtPeriodEnd), its value the removed item's id: the plan's stop is its
 * own, not the subscription's (webhook sync keeps it while a change puts the item back for a
 * moment), and an invoice line of that item is the plan's. Cleared when the plan is kept (its item
 * back for good) or ends. `eqx_rm_` + a customer plan id stays within Stripe's 40 characters a key.
 */
export const removedItemKey = (customerPlanId: string) => `eqx_rm_${customerPlanId}`;

/**
 * The attach's terms as the subscription's: its discounts, its free trial (the first invoice is
 * then $0 and the next one comes when the trial ends), and the contract's end when the contract
 * ends there (Stripe stops at cancel_at, so it never bills a renewal past the date when
 * lib/billing/contracts/run-contracts.ts ends the plan).
 */
export function subscriptionTerms(
  cp: { trialEndsAt: Date | null; discounts: unknown; endsAt: Date | null; onContractEnd: string | null },
  nowMs: number,
): Pick<Stripe.SubscriptionCreateParams, "discounts" | "trial_end" | "cancel_at"> {
  const discounts = stripeDiscountsOfRow(cp.discounts);
  const trialEnd = cp.trialEndsAt && cp.trialEndsAt.getTime() > nowMs ? Math.floor(cp.trialEndsAt.getTime() / 1000) : null;
  const contractEnd = contractCancelAt(cp, nowMs);
  return {
    ...(discounts.length > 0 ? { discounts } : {}),
    ...(trialEnd !== null ? { trial_end: trialEnd } : {}),
    ...(contractEnd !== null ? { cancel_at: contractEnd } : {}),
  };
}

/** The contract end (seconds) a subscription stops at: a plan with ends_at that ends (on_contract_end = end), in the future. */
export function contractCancelAt(cp: { endsAt: Date | null; onContractEnd: string | null }, nowMs: number): number | null {
  if (!cp.endsAt || cp.onContractEnd !== "end" || cp.endsAt.getTime() <= nowMs) return null;
  return Math.floor(cp.endsAt.getTime() / 1000);
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
