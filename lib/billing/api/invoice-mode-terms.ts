// Under invoice_mode a paid plan is enabled through enableBilledPlan, whose Stripe subscription
// bills the plan's price for one unit from today. Terms that path cannot honour yet (several
// units, discounts, a free trial, a replacement at the period's end) are refused here, in the ONE
// check shared by attach, multi_attach and their previews, so a preview never promises what the
// attach would not do (issue 18: a $0-today preview followed by a full-price invoice today).
import { DomainError } from "@/lib/errors";
import type { AttachPlanning } from "@/lib/billing/preview/plan-attach";

const isPaid = (p: AttachPlanning) => p.choice.priced.unitAmount * p.choice.priced.quantity > 0;

/** Whether the plan goes through the invoice path (invoice_mode on, a paid plan that changes). */
export const billedByInvoice = (p: AttachPlanning, invoiceMode: boolean) => invoiceMode && isPaid(p) && !p.unchanged;

export function refuseUnsupportedInvoiceTerms(plannings: AttachPlanning[], invoiceMode: boolean, discounts: readonly unknown[] | undefined): void {
  const invoiced = plannings.filter((p) => billedByInvoice(p, invoiceMode));
  if (invoiced.length === 0) return;
  const refuse = (what: string) =>
    new DomainError("not_supported", `${what} cannot be billed by invoice yet (invoice_mode): attach without invoice_mode to pay through Stripe Checkout, or enable the plan on the customer page`);
  if (discounts && discounts.length > 0) throw refuse("discounts");
  for (const p of invoiced) {
    if (p.choice.priced.quantity !== 1) throw refuse(`plan ${p.choice.plan.id} with feature_quantities (${p.choice.priced.quantity} units)`);
    if (p.trialEndsAt) throw refuse(`plan ${p.choice.plan.id} with a free trial`);
    if (p.schedule === "end_of_cycle" && p.outgoing) throw refuse(`plan ${p.choice.plan.id} replacing ${p.outgoing.plan.planId} at the period's end`);
  }
}
