// The placeholder start of a plan waiting for its first payment (see awaiting-payment.ts), and
// the date shown for it instead: 9999-01-01 is a guard against activation, never a real date to
// show (the API's started_at, the portal, the customer page). Pure: no database, safe anywhere.
import type { CustomerPlan } from "@/lib/generated/prisma";

/** starts_at of a plan waiting for its first payment (beyond any real date). */
export const AWAITING_PAYMENT_STARTS_AT = new Date("9999-01-01T00:00:00.000Z");

export function isAwaitingPaymentStart(startsAt: Date): boolean {
  return startsAt.getTime() >= AWAITING_PAYMENT_STARTS_AT.getTime();
}

/**
 * The start to show: a plan waiting for payment shows when its billing starts (term_starts_at,
 * else when it was enabled), any other plan its own start.
 */
export function displayStartsAt(cp: Pick<CustomerPlan, "startsAt" | "termStartsAt" | "createdAt">): Date {
  if (!isAwaitingPaymentStart(cp.startsAt)) return cp.startsAt;
  return cp.termStartsAt ?? cp.createdAt;
}
