// How the portal words prices, amounts and dates for the customer. Fixed locale (en-US), so the
// server and the browser render the same text.
import type { ApiPlanPrice } from "@/lib/entitlements/types";
import { formatDate, formatMoney, formatNumber } from "@/components/dashboard/format";

const INTERVAL: Record<NonNullable<ApiPlanPrice["interval"]>, string> = {
  one_off: "one-time",
  month: "month",
  quarter: "quarter",
  year: "year",
};

/** "$2,500.00 / month", "$49.00 one-time", "Free"; "Custom" for a negotiated plan without a price. */
export function priceText(price: ApiPlanPrice | null, custom: boolean): string {
  if (!price || price.amount === 0) return custom ? "Custom" : "Free";
  const amount = formatMoney(price.amount, price.currency);
  if (!price.interval) return amount;
  return price.interval === "one_off" ? `${amount} ${INTERVAL.one_off}` : `${amount} / ${INTERVAL[price.interval]}`;
}

export const amountText = (value: number) => formatNumber(value);

export const dateText = (ms: number) => formatDate(new Date(ms));
