// billing.attach (and POST /v1/attach) with Autumn's options. A plan that needs no payment is
// enabled at once; a paid plan is billed by invoice (invoice_mode: helper B's enableBilledPlan,
// the one write behind the dashboard's enable-plan too), through the customer's Stripe
// subscription when one bills the plan it replaces (upgrades now with proration, downgrades at the
// period's end), or bought through Stripe Checkout. Answers autumn-js's AttachResponse.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { apiCustomerId } from "@/lib/entitlements/api-customer-id";
import { billingOptionsFromInvoiceMode, type BillingOptionsInput, type ContractEnd } from "@/lib/billing/lifecycle/billing-options";
import { enableBilledPlan, enableBilledPlans, type EnableBilledPlanArgs } from "@/lib/billing/lifecycle/enable-billed-plan";
import { stripeBilled } from "@/lib/billing/preview/billing-context";
import { planAttach, type AttachPlanning } from "@/lib/billing/preview/plan-attach";
import { planMultiAttach } from "@/lib/billing/preview/preview-attach";
import { applyAttachPlanning, type AppliedChange, type WireInvoice } from "@/lib/billing/changes/apply-plan-change";
import { attachInputSchema, multiAttachInputSchema, type AttachInput, type MultiAttachInput } from "./schemas";
import { resolveDiscounts, storedDiscounts, type ResolvedDiscount } from "./discounts";
import { billedByInvoice, refuseUnsupportedInvoiceTerms } from "./invoice-mode-terms";

export type AttachAnswer = {
  customer_id: string;
  payment_url: string | null;
  invoice?: WireInvoice;
  required_action?: { code: "payment_method_required"; reason: string };
};

const answer = (customerId: string, applied: Pick<AppliedChange, "paymentUrl" | "invoice" | "requiredAction">): AttachAnswer => ({
  customer_id: customerId,
  payment_url: applied.paymentUrl,
  ...(applied.invoice ? { invoice: applied.invoice } : {}),
  ...(applied.requiredAction ? { required_action: applied.requiredAction } : {}),
});

/**
 * By invoice: a Stripe subscription with send_invoice and net terms, created by B's engine
 * (outbox: never lost when Stripe is down); nothing to pay here, so no payment_url. The one
 * builder for attach and multi_attach, so both enable the plan on the same terms: ends_at, the
 * quantity, the free trial and the discounts ride on the customer plan to the outbox job, which
 * puts them on the subscription as Checkout puts them on its session (start-billing.ts). A
 * replacement at the period's end starts then. A trial has nothing to pay first (its first invoice
 * is $0), so the plan is active at once whatever enable_plan_immediately says.
 */
function invoiceArgs(planning: AttachPlanning, billing: BillingOptionsInput, discounts: ResolvedDiscount[]): EnableBilledPlanArgs {
  const periodEnd = planning.schedule === "end_of_cycle" && planning.outgoing ? (planning.outgoingMoney?.period?.end ?? null) : null;
  return {
    customerId: planning.context.customer.id,
    planId: planning.choice.plan.id,
    options: {
      customPriceAmount: planning.choice.customPriceAmount,
      overrides: Object.keys(planning.choice.overrides).length > 0 ? planning.choice.overrides : undefined,
      startsAt: periodEnd ?? planning.startsAt,
      endsAt: planning.endsAt,
    },
    billing: {
      ...billing,
      ...(planning.trialEndsAt ? { activate: "immediately" as const } : {}),
      // A contract carried over by a switch (planAttach) keeps what happens at its end and its reminder.
      ...(planning.contract ? { on_end: planning.contract.onContractEnd as ContractEnd, reminder_days: planning.contract.renewalReminderDays ?? 0 } : {}),
    },
    terms: {
      quantity: planning.choice.quantity,
      trialEndsAt: planning.trialEndsAt,
      discounts: discounts.length > 0 ? storedDiscounts(discounts) : null,
    },
  };
}

/**
 * A replacement at the period's end of a plan a Stripe subscription already bills goes through
 * the scheduled-change machinery the other attaches use (applyAttachPlanning): the subscription
 * moves to the new price without proration (billed from the next invoice, which the
 * subscription's own collection method sends) and the new plan is scheduled at the period's end.
 */
const replacesBilledPlanAtPeriodEnd = (p: AttachPlanning) => p.schedule === "end_of_cycle" && p.outgoing !== null && stripeBilled(p.outgoing);

export async function attachWithOptions(ctx: Ctx, input: AttachInput, options: { now?: Date } = {}): Promise<AttachAnswer> {
  authorize(ctx, "customers:write");
  const data = attachInputSchema.parse(input);
  const now = options.now ?? new Date();
  const planning = await planAttach(db(), ctx, data, now);
  const customerId = apiCustomerId(planning.context.customer);
  const paid = planning.choice.priced.unitAmount * planning.choice.priced.quantity > 0;

  const billing = billingOptionsFromInvoiceMode(data.invoice_mode, data.enable_plan_immediately);
  refuseUnsupportedInvoiceTerms([planning], billing !== null);
  const discounts = await resolveDiscounts(ctx, data.discounts, planning.choice.priced.currency);
  if (billing && paid && !planning.unchanged && !replacesBilledPlanAtPeriodEnd(planning)) {
    await enableBilledPlan(ctx, invoiceArgs(planning, billing, discounts), { now });
    return { customer_id: customerId, payment_url: null };
  }

  const applied = await applyAttachPlanning(ctx, planning, { discounts, successUrl: data.success_url, redirectMode: data.redirect_mode, now });
  return answer(customerId, applied);
}

/**
 * billing.multi_attach: each plan as attach would do it, free ones at once. The paid ones go on
 * one bill: by invoice (invoice_mode), or in the customer's Stripe subscription when it bills the
 * plan each replaces; a paid plan that would need Checkout is refused before anything changes
 * (one Checkout for several plans is not supported: attach them one by one).
 */
export async function multiAttach(ctx: Ctx, input: MultiAttachInput, options: { now?: Date } = {}): Promise<AttachAnswer> {
  authorize(ctx, "customers:write");
  const data = multiAttachInputSchema.parse(input);
  const now = options.now ?? new Date();
  const plannings = await planMultiAttach(ctx, data, now);
  const customerId = apiCustomerId(plannings[0]!.context.customer);
  const billing = billingOptionsFromInvoiceMode(data.invoice_mode, data.enable_plan_immediately);
  refuseUnsupportedInvoiceTerms(plannings, billing !== null);
  const discounts = await resolveDiscounts(ctx, data.discounts, plannings[0]!.choice.priced.currency);

  const isPaid = (p: (typeof plannings)[number]) => p.choice.priced.unitAmount * p.choice.priced.quantity > 0;
  const needsCheckout = plannings.filter((p) => isPaid(p) && !p.unchanged && !billing && !(p.outgoing?.stripeSubscriptionId));
  if (needsCheckout.length > 1 || (needsCheckout.length === 1 && plannings.length > 1)) {
    throw new DomainError(
      "not_supported",
      `plans ${needsCheckout.map((p) => p.choice.plan.id).join(", ")} need payment: multi_attach bills paid plans by invoice (invoice_mode: { enabled: true }) or through an existing subscription; attach them one by one to pay through Checkout`,
    );
  }

  // The plans billed by invoice: one subscription (one item each), one invoice, enabled together.
  const invoiced = billing ? plannings.filter((p) => billedByInvoice(p, true)) : [];
  if (billing && invoiced.length > 0) await enableBilledPlans(ctx, invoiced.map((p) => invoiceArgs(p, billing, discounts)), { now });

  let result: AppliedChange = { paymentUrl: null };
  for (const planning of plannings) {
    if (invoiced.includes(planning)) continue;
    const applied = await applyAttachPlanning(ctx, planning, { discounts, successUrl: data.success_url, redirectMode: data.redirect_mode, now });
    result = { paymentUrl: applied.paymentUrl ?? result.paymentUrl, invoice: applied.invoice ?? result.invoice, requiredAction: applied.requiredAction ?? result.requiredAction };
  }
  return answer(customerId, result);
}
