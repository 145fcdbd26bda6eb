// The customer's next regular invoice, computed from Equinox's own data (no Stripe call): for the
// customer page and the portal. At the earliest renewal of a paid recurring plan, every plan
// billed then: the running plans that renew (not canceled, not ending before), and the scheduled
// plans that start by then (a downgrade at the period's end). Billed elsewhere: nothing renews here.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { customerNotFound } from "@/lib/errors";
import { ownsCustomer } from "@/lib/billing/billing-customer";
import type { KnownCustomerArg } from "@/lib/customers/customer-queries";
import { isAwaitingPaymentStart } from "@/lib/billing/lifecycle/awaiting-payment-start";
import { discountsOfRow } from "@/lib/billing/api/discounts";
import { currentPlanOf, loadBillingContext, type RunningPlan } from "./billing-context";
import { addInterval, applyDiscounts, isRecurring, linesTotal, planTotal, type MoneyLine } from "./proration";

export type NextInvoicePreview = {
  /** When Stripe (or Equinox's own schedule) bills it. */
  date: Date;
  currency: string;
  /** Cents, after discounts. */
  total: number;
  lines: { planId: string; description: string; amount: number; discount: number; period: { start: Date; end: Date } }[];
};

/**
 * `known`, `plans`: the customer and all its plan rows as the customer page already read them
 * (not read again; see loadBillingContext).
 */
export async function previewNextInvoice(
  ctx: Ctx,
  customerId: string,
  options: { now?: Date; known?: KnownCustomerArg; plans?: RunningPlan[] | Promise<RunningPlan[]> } = {},
): Promise<NextInvoicePreview | null> {
  if (ctx.actor.kind !== "end_customer") authorize(ctx, "customers:read");
  const now = options.now ?? new Date();
  const context = await loadBillingContext(db(), ctx.env, customerId, options.known, options.plans);
  if (ctx.actor.kind === "end_customer" && !ownsCustomer(ctx, context.customer)) throw customerNotFound(customerId);

  type Candidate = { at: Date; line: MoneyLine; currency: string; discounts: ReturnType<typeof discountsOfRow> };
  const candidates: Candidate[] = [];
  for (const cp of context.plans) {
    if (cp.billingMode === "elsewhere") continue;
    // A plan waiting for its first payment has that invoice pending, not a next one: its start is a
    // placeholder (9999-01-01) that must never date an invoice.
    if (cp.status === "scheduled" && isAwaitingPaymentStart(cp.startsAt)) continue;
    const money = currentPlanOf(cp, now);
    if (!isRecurring(money.interval) || planTotal(money) === 0) continue;
    const at = cp.status === "scheduled" ? cp.startsAt : money.period?.end;
    if (!at) continue;
    if (cp.status === "active" && (cp.cancelAtPeriodEnd || (cp.endsAt && cp.endsAt.getTime() <= at.getTime()))) continue;
    const end = addInterval(at, money.interval);
    candidates.push({
      at,
      currency: money.currency,
      discounts: discountsOfRow(cp.discounts),
      line: { planId: money.planId, displayName: money.name, description: `${money.name}${money.quantity !== 1 ? ` × ${money.quantity}` : ""}`, amount: planTotal(money), quantity: money.quantity, period: { start: at, end } },
    });
  }
  if (candidates.length === 0) return null;
  const date = new Date(Math.min(...candidates.map((c) => c.at.getTime())));
  const due = candidates.filter((c) => c.at.getTime() === date.getTime());
  // A plan scheduled to start then replaces the one of its group renewing then (a downgrade).
  const scheduledPlanIds = new Set(context.plans.filter((cp) => cp.status === "scheduled" && cp.startsAt.getTime() === date.getTime()).map((cp) => cp.plan.group ?? cp.plan.planId));
  const kept = due.filter((c) => {
    const cp = context.plans.find((p) => p.plan.planId === c.line.planId)!;
    return cp.status === "scheduled" || !scheduledPlanIds.has(cp.plan.group ?? cp.plan.planId) || cp.plan.isAddOn;
  });
  const lines = kept.flatMap((c) => applyDiscounts([c.line], c.discounts, false));
  return {
    date,
    currency: kept[0]?.currency ?? "usd",
    total: linesTotal(lines),
    lines: lines.map((line) => ({ planId: line.planId, description: line.description, amount: line.amount, discount: line.discount?.amountOff ?? 0, period: line.period! })),
  };
}
