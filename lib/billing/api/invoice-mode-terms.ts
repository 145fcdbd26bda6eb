// Under invoice_mode the paid plans of one attach (or multi_attach) are billed by ONE Stripe
// subscription with collection_method=send_invoice: one item per plan, one invoice. The terms an
// attach sells (units, discounts, a free trial, an end-of-period replacement) all go on it
// (enableBilledPlan's terms, lib/billing/lifecycle/start-billing.ts). What one subscription truly
// cannot carry is refused here, in the ONE check shared by attach, multi_attach and their previews,
// so a preview never promises what the attach would not do: items of different billing intervals
// (Stripe bills every item of a subscription on the same cycle), or different free trials (a
// subscription has one trial_end).
import { invalidInputs } from "@/lib/errors";
import type { AttachPlanning } from "@/lib/billing/preview/plan-attach";

const isPaid = (p: AttachPlanning) => p.choice.priced.unitAmount * p.choice.priced.quantity > 0;

/** Whether the plan goes through the invoice path (invoice_mode on, a paid plan that changes). */
export const billedByInvoice = (p: AttachPlanning, invoiceMode: boolean) => invoiceMode && isPaid(p) && !p.unchanged;

const intervalOf = (p: AttachPlanning) => p.choice.priced.interval;

export function refuseUnsupportedInvoiceTerms(plannings: AttachPlanning[], invoiceMode: boolean): void {
  const invoiced = plannings.filter((p) => billedByInvoice(p, invoiceMode));
  if (invoiced.length < 2) return;
  const first = invoiced[0]!;
  const otherInterval = invoiced.find((p) => intervalOf(p) !== intervalOf(first));
  if (otherInterval) {
    throw invalidInputs(
      "plans",
      `plans billed by invoice together go on one Stripe subscription and must share a billing interval: ${invoiced.map((p) => `${p.choice.plan.id} (${intervalOf(p)})`).join(", ")}; attach them separately`,
    );
  }
  const trialMs = (p: AttachPlanning) => p.trialEndsAt?.getTime() ?? null;
  const otherTrial = invoiced.find((p) => trialMs(p) !== trialMs(first));
  if (otherTrial) {
    throw invalidInputs(
      "free_trial",
      `plans billed by invoice together go on one Stripe subscription, which has one free trial: ${first.choice.plan.id} and ${otherTrial.choice.plan.id} have different trials; pass one free_trial for all, or attach them separately`,
    );
  }
}
