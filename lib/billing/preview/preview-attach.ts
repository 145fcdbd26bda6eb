// billing.preview_attach and billing.preview_multi_attach: what an attach would charge today and
// at the next renewal, computed in the domain (plan-attach.ts, proration.ts). Stripe is asked only
// to check the discounts named, so a free plan's preview works with no Stripe configured.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { invalidInputs } from "@/lib/errors";
import { apiCustomerId } from "@/lib/entitlements/api-customer-id";
import { attachInputSchema, multiAttachInputSchema, type AttachInput, type MultiAttachInput } from "@/lib/billing/api/schemas";
import { resolveDiscounts } from "@/lib/billing/api/discounts";
import { refuseUnsupportedInvoiceTerms } from "@/lib/billing/api/invoice-mode-terms";
import { stripeBilled } from "./billing-context";
import { planAttach, type AttachPlanning } from "./plan-attach";
import { msOrNull, previewBody, type WirePlanChange, type WirePreview } from "./preview-response";

export type PreviewAttachAnswer = WirePreview & { redirect_to_checkout: boolean; checkout_type: "stripe_checkout" | null };

/** The incoming and outgoing plans of one planned attach, as the preview names them. */
export function planChanges(p: AttachPlanning, now: Date): { incoming: WirePlanChange[]; outgoing: WirePlanChange[] } {
  if (p.unchanged) return { incoming: [], outgoing: [] };
  const incoming: WirePlanChange = {
    plan_id: p.choice.plan.id,
    feature_quantities: p.choice.featureQuantities,
    effective_at: p.money.effectiveAt.getTime(),
    canceled_at: null,
    expires_at: msOrNull(p.endsAt),
  };
  const outgoing: WirePlanChange[] =
    p.outgoing && p.money.outgoingEndsAt
      ? [{ plan_id: p.outgoing.plan.planId, feature_quantities: [], effective_at: p.money.outgoingEndsAt.getTime(), canceled_at: p.schedule === "end_of_cycle" ? now.getTime() : null, expires_at: p.money.outgoingEndsAt.getTime() }]
      : [];
  return { incoming: [incoming], outgoing };
}

/** Whether the attach would send the customer to Stripe Checkout (a paid plan with nothing in Stripe to change). */
export function needsCheckout(p: AttachPlanning, invoiceMode: boolean): boolean {
  if (invoiceMode || p.unchanged) return false;
  if (p.outgoing && stripeBilled(p.outgoing)) return false;
  return p.choice.priced.unitAmount * p.choice.priced.quantity > 0;
}

export async function previewAttach(ctx: Ctx, input: AttachInput, options: { now?: Date } = {}): Promise<PreviewAttachAnswer> {
  authorize(ctx, "customers:read");
  const data = attachInputSchema.parse(input);
  const now = options.now ?? new Date();
  const planning = await planAttach(db(), ctx, data, now);
  refuseUnsupportedInvoiceTerms([planning], data.invoice_mode?.enabled === true);
  const discounts = await resolveDiscounts(ctx, data.discounts, planning.choice.priced.currency);
  const checkout = needsCheckout(planning, data.invoice_mode?.enabled === true);
  return {
    ...previewBody({
      customerId: apiCustomerId(planning.context.customer),
      currency: planning.choice.priced.currency,
      changes: [planning.money],
      discounts,
      ...planChanges(planning, now),
    }),
    redirect_to_checkout: checkout,
    checkout_type: checkout ? "stripe_checkout" : null,
  };
}

export async function previewMultiAttach(ctx: Ctx, input: MultiAttachInput, options: { now?: Date } = {}): Promise<PreviewAttachAnswer> {
  authorize(ctx, "customers:read");
  const data = multiAttachInputSchema.parse(input);
  const now = options.now ?? new Date();
  const plannings = await planMultiAttach(ctx, data, now);
  refuseUnsupportedInvoiceTerms(plannings, data.invoice_mode?.enabled === true);
  const currency = plannings[0]!.choice.priced.currency;
  const discounts = await resolveDiscounts(ctx, data.discounts, currency);
  const changes = plannings.map((p) => planChanges(p, now));
  const checkout = plannings.some((p) => needsCheckout(p, data.invoice_mode?.enabled === true));
  return {
    ...previewBody({
      customerId: apiCustomerId(plannings[0]!.context.customer),
      currency,
      changes: plannings.map((p) => p.money),
      discounts,
      incoming: changes.flatMap((c) => c.incoming),
      outgoing: changes.flatMap((c) => c.outgoing),
    }),
    redirect_to_checkout: checkout,
    checkout_type: checkout ? "stripe_checkout" : null,
  };
}

/** Each plan of a multi-attach planned against the customer as it is; two plans of one group, or two currencies, are refused. */
export async function planMultiAttach(ctx: Ctx, data: ReturnType<typeof multiAttachInputSchema.parse>, now: Date): Promise<AttachPlanning[]> {
  const plannings: AttachPlanning[] = [];
  for (const [index, plan] of data.plans.entries()) {
    const planning = await planAttach(
      db(),
      ctx,
      { customer_id: data.customer_id, ...plan, free_trial: data.free_trial, starts_at: data.starts_at, plan_schedule: "immediate" },
      now,
      plannings[0]?.context,
    );
    const group = planning.choice.plan.group;
    const clash = plannings.find((p) => !p.choice.plan.isAddOn && !planning.choice.plan.isAddOn && group !== null && p.choice.plan.group === group);
    if (clash) throw invalidInputs(`plans.${index}.plan_id`, `plans ${clash.choice.plan.id} and ${planning.choice.plan.id} are of the same group ${group}: a customer has one plan per group`);
    if (plannings[0] && plannings[0].choice.priced.currency !== planning.choice.priced.currency) {
      throw invalidInputs(`plans.${index}.plan_id`, `plan ${planning.choice.plan.id} is billed in ${planning.choice.priced.currency.toUpperCase()}, plan ${plannings[0].choice.plan.id} in ${plannings[0].choice.priced.currency.toUpperCase()}`);
    }
    plannings.push(planning);
  }
  return plannings;
}
