// How a plan's price interval is billed in Stripe. Stripe has no "quarter": a quarter is three
// months. The one map every Stripe price Equinox creates (Checkout, invoice subscriptions, plan
// changes) reads, so an interval can never be billed differently on two paths.
import type { PriceInterval } from "@/lib/generated/prisma";

export type StripeRecurring = { interval: "month" | "year"; interval_count: number };

const RECURRING: Record<Exclude<PriceInterval, "one_off">, StripeRecurring> = {
  month: { interval: "month", interval_count: 1 },
  quarter: { interval: "month", interval_count: 3 },
  year: { interval: "year", interval_count: 1 },
};

/** Stripe's `recurring` for a price interval; undefined for a one-off price (a single payment). */
export function stripeRecurring(interval: PriceInterval): StripeRecurring | undefined {
  return interval === "one_off" ? undefined : RECURRING[interval];
}
