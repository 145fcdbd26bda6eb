// The money of a plan change, computed from Equinox's own data (plan versions, negotiated prices,
// quantities, the current plan's period) so a preview needs no Stripe: a free plan's preview works
// with no Stripe configured. Amounts are minor units (cents) here; the API answers major units.
// Proration follows Stripe's rule for `proration_behavior: create_prorations` on the same billing
// anchor: credit for the unused time of what is replaced, charge for the rest of the period of
// what comes in, both by the exact fraction of the period left (rounded to the cent per line).
import type { PriceInterval } from "@/lib/generated/prisma";

export type Period = { start: Date; end: Date };

export type PricedPlan = {
  planId: string;
  name: string;
  /** Price of one unit, cents (0 = free). */
  unitAmount: number;
  quantity: number;
  currency: string;
  interval: PriceInterval;
};

export type CurrentPlan = PricedPlan & { period: Period | null };

export type MoneyLine = {
  planId: string;
  displayName: string;
  description: string;
  /** Cents; negative for a credit. */
  amount: number;
  quantity: number;
  period?: Period;
  /** Cents taken off this line by discounts (already subtracted from nothing: see applyDiscounts). */
  discount?: { amountOff: number; percentOff?: number; rewardId?: string; rewardName?: string };
};

export type CycleMoney = { startsAt: Date; lines: MoneyLine[] };

export type ChangeMoney = {
  /** Due now (lines of the invoice the change makes today). */
  lines: MoneyLine[];
  /** The first regular invoice after the change, or null when nothing recurring is billed. */
  nextCycle: CycleMoney | null;
  /** When the incoming plan takes effect. */
  effectiveAt: Date;
  /** When the outgoing plan ends (null: nothing outgoing). */
  outgoingEndsAt: Date | null;
};

const MONTHS: Record<PriceInterval, number | null> = { one_off: null, month: 1, quarter: 3, year: 12 };

export const isRecurring = (interval: PriceInterval) => MONTHS[interval] !== null;

/** `date` plus `count` price intervals, in UTC calendar months (Stripe's anchoring: the 31st → the last day of a shorter month). */
export function addInterval(date: Date, interval: PriceInterval, count = 1): Date {
  const months = MONTHS[interval];
  if (months === null) return new Date(date);
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months * count);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d;
}

/** The billing period containing `now` for a plan billed every `interval` from `anchor`. */
export function periodContaining(anchor: Date, interval: PriceInterval, now: Date): Period | null {
  if (!isRecurring(interval)) return null;
  let start = anchor;
  if (start.getTime() > now.getTime()) return { start, end: addInterval(start, interval) };
  // Months since the anchor, then a step or two to land exactly: no loop over years of periods.
  const months = MONTHS[interval]!;
  const elapsed = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  let n = Math.max(0, Math.floor(elapsed / months) - 1);
  start = addInterval(anchor, interval, n);
  while (addInterval(anchor, interval, n + 1).getTime() <= now.getTime()) n += 1;
  start = addInterval(anchor, interval, n);
  return { start, end: addInterval(anchor, interval, n + 1) };
}

/** The fraction of `period` left at `at`, in [0, 1]. */
export function remainingFraction(period: Period, at: Date): number {
  const length = period.end.getTime() - period.start.getTime();
  if (length <= 0) return 0;
  return Math.min(1, Math.max(0, (period.end.getTime() - at.getTime()) / length));
}

export const planTotal = (plan: PricedPlan) => plan.unitAmount * plan.quantity;

function fullLine(plan: PricedPlan, period: Period | undefined, description?: string): MoneyLine {
  return {
    planId: plan.planId,
    displayName: plan.name,
    description: description ?? `${plan.name}${plan.quantity !== 1 ? ` × ${plan.quantity}` : ""}`,
    amount: planTotal(plan),
    quantity: plan.quantity,
    ...(period ? { period } : {}),
  };
}

function nextCycleOf(plan: PricedPlan, startsAt: Date): CycleMoney | null {
  if (!isRecurring(plan.interval) || planTotal(plan) === 0) return null;
  return { startsAt, lines: [fullLine(plan, { start: startsAt, end: addInterval(startsAt, plan.interval) })] };
}

/**
 * Attaching `incoming` while `outgoing` (the customer's plan of the same group, if any) runs.
 * `schedule`: immediate (upgrades), or at the end of the outgoing plan's period (downgrades).
 * `prorate`: false is Autumn's proration_behavior "none": no credit, no partial charge.
 * `trialEndsAt`: a free trial; nothing is due until it ends.
 */
export function attachMoney(args: {
  incoming: PricedPlan;
  outgoing: CurrentPlan | null;
  now: Date;
  schedule: "immediate" | "end_of_cycle";
  prorate: boolean;
  trialEndsAt?: Date | null;
  startsAt?: Date | null;
}): ChangeMoney {
  const { incoming, outgoing, now, prorate } = args;
  const outgoingPeriod = outgoing?.period ?? null;

  // A future start (a contract start date): nothing now; the first invoice then.
  if (args.startsAt && args.startsAt.getTime() > now.getTime()) {
    return { lines: [], nextCycle: nextCycleOf(incoming, args.startsAt) ?? oneOffCycle(incoming, args.startsAt), effectiveAt: args.startsAt, outgoingEndsAt: outgoing ? args.startsAt : null };
  }
  if (args.schedule === "end_of_cycle" && outgoingPeriod) {
    return { lines: [], nextCycle: nextCycleOf(incoming, outgoingPeriod.end), effectiveAt: outgoingPeriod.end, outgoingEndsAt: outgoingPeriod.end };
  }

  const lines: MoneyLine[] = [];
  const outgoingPaid = outgoing !== null && planTotal(outgoing) > 0 && outgoingPeriod !== null;
  if (outgoingPaid && prorate) {
    const credit = Math.round(planTotal(outgoing) * remainingFraction(outgoingPeriod, now));
    if (credit > 0) {
      lines.push({
        planId: outgoing.planId,
        displayName: outgoing.name,
        description: `Unused time on ${outgoing.name}${outgoing.quantity !== 1 ? ` × ${outgoing.quantity}` : ""}`,
        amount: -credit,
        quantity: outgoing.quantity,
        period: { start: now, end: outgoingPeriod.end },
      });
    }
  }

  if (args.trialEndsAt && args.trialEndsAt.getTime() > now.getTime()) {
    return { lines, nextCycle: nextCycleOf(incoming, args.trialEndsAt), effectiveAt: now, outgoingEndsAt: outgoing ? now : null };
  }
  if (!isRecurring(incoming.interval)) {
    if (planTotal(incoming) > 0) lines.push(fullLine(incoming, undefined));
    return { lines, nextCycle: null, effectiveAt: now, outgoingEndsAt: outgoing ? now : null };
  }
  // Same interval as a paid plan being replaced: the billing anchor stays, the rest of the period is charged.
  const keepsAnchor = outgoingPaid && outgoing.interval === incoming.interval && outgoing.currency === incoming.currency;
  if (keepsAnchor) {
    if (prorate) {
      const charge = Math.round(planTotal(incoming) * remainingFraction(outgoingPeriod, now));
      if (charge > 0) {
        lines.push({ ...fullLine(incoming, { start: now, end: outgoingPeriod.end }, `Remaining time on ${incoming.name}${incoming.quantity !== 1 ? ` × ${incoming.quantity}` : ""}`), amount: charge });
      }
    }
    return { lines, nextCycle: nextCycleOf(incoming, outgoingPeriod.end), effectiveAt: now, outgoingEndsAt: outgoing ? now : null };
  }
  // A new billing period starts now.
  const end = addInterval(now, incoming.interval);
  if (planTotal(incoming) > 0) lines.push(fullLine(incoming, { start: now, end }));
  return { lines, nextCycle: nextCycleOf(incoming, end), effectiveAt: now, outgoingEndsAt: outgoing ? now : null };
}

function oneOffCycle(plan: PricedPlan, at: Date): CycleMoney | null {
  return planTotal(plan) > 0 ? { startsAt: at, lines: [fullLine(plan, undefined)] } : null;
}

/** A quantity change of a running plan: the difference for the rest of the period (prorated), and the new amount from the next period. */
export function quantityChangeMoney(args: { current: CurrentPlan; newQuantity: number; now: Date; prorate: boolean }): ChangeMoney {
  const { current, newQuantity, now } = args;
  const updated: PricedPlan = { ...current, quantity: newQuantity };
  const lines: MoneyLine[] = [];
  const period = current.period;
  if (period && args.prorate && current.unitAmount > 0) {
    const delta = Math.round(current.unitAmount * (newQuantity - current.quantity) * remainingFraction(period, now));
    if (delta !== 0) {
      lines.push({
        planId: current.planId,
        displayName: current.name,
        description: `${current.name}: quantity ${current.quantity} → ${newQuantity} for the rest of the period`,
        amount: delta,
        quantity: newQuantity - current.quantity,
        period: { start: now, end: period.end },
      });
    }
  }
  return { lines, nextCycle: period ? nextCycleOf(updated, period.end) : null, effectiveAt: now, outgoingEndsAt: null };
}

/** Cancel now, at the period's end, or take a cancellation back. */
export function cancelMoney(args: { current: CurrentPlan; action: "cancel_immediately" | "cancel_end_of_cycle" | "uncancel"; now: Date; refund?: "prorated" | "full" }): ChangeMoney {
  const { current, action, now } = args;
  if (action === "cancel_immediately" && args.refund) return { lines: refundLines(current, args.refund, now), nextCycle: null, effectiveAt: now, outgoingEndsAt: now };
  const end = current.period?.end ?? null;
  if (action === "uncancel") return { lines: [], nextCycle: end ? nextCycleOf(current, end) : null, effectiveAt: now, outgoingEndsAt: null };
  if (action === "cancel_end_of_cycle") return { lines: [], nextCycle: null, effectiveAt: end ?? now, outgoingEndsAt: end ?? now };
  // Stripe's cancel does not refund by default (prorate: false): nothing is due, nothing credited.
  return { lines: [], nextCycle: null, effectiveAt: now, outgoingEndsAt: now };
}

/** The share (0 to 1) of the period [start, end) still ahead at `at` (any one unit of time): what a prorated refund gives back. */
export function shareLeft(start: number, end: number, at: number): number {
  if (end <= start) return 0;
  return Math.min(1, Math.max(0, (end - at) / (end - start)));
}

/**
 * What refund_last_payment gives back, as a credit line: the period's price, whole or for the time
 * left (refund-last-payment.ts refunds the same share of what Stripe took for it).
 */
function refundLines(current: CurrentPlan, refund: "prorated" | "full", now: Date): MoneyLine[] {
  const price = current.unitAmount * current.quantity;
  const period = current.period;
  if (price <= 0 || !period) return [];
  const share = refund === "full" ? 1 : shareLeft(period.start.getTime(), period.end.getTime(), now.getTime());
  const amount = Math.round(price * share);
  if (amount <= 0) return [];
  const description = refund === "full" ? `Refund of the last payment for ${current.name}` : `Refund of unused time on ${current.name}`;
  return [{ planId: current.planId, displayName: current.name, description, amount: -amount, quantity: current.quantity, period }];
}

export type Discount = { id: string; name?: string; percentOff?: number; amountOff?: number; once: boolean };

/** Applies discounts to the positive lines (Stripe applies coupons to charges, never to credits). */
export function applyDiscounts(lines: MoneyLine[], discounts: Discount[], firstInvoice: boolean): MoneyLine[] {
  const applicable = discounts.filter((d) => firstInvoice || !d.once);
  if (applicable.length === 0) return lines;
  let remainingAmountOff = applicable.reduce((sum, d) => sum + (d.amountOff ?? 0), 0);
  return lines.map((line) => {
    if (line.amount <= 0) return line;
    let off = 0;
    let percent: number | undefined;
    for (const d of applicable) if (d.percentOff) {
      off += Math.round(line.amount * (d.percentOff / 100));
      percent = (percent ?? 0) + d.percentOff;
    }
    const flat = Math.min(remainingAmountOff, line.amount - off);
    remainingAmountOff -= flat;
    off = Math.min(line.amount, off + flat);
    if (off === 0) return line;
    const first = applicable[0]!;
    return { ...line, discount: { amountOff: off, ...(percent !== undefined ? { percentOff: percent } : {}), rewardId: first.id, ...(first.name ? { rewardName: first.name } : {}) } };
  });
}

export const linesSubtotal = (lines: MoneyLine[]) => lines.reduce((sum, line) => sum + line.amount, 0);
export const linesTotal = (lines: MoneyLine[]) => lines.reduce((sum, line) => sum + line.amount - (line.discount?.amountOff ?? 0), 0);
