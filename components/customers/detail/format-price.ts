import { formatMoney } from "@/components/dashboard/format";
import type { MoneyView } from "./customer-detail-types";

const INTERVAL_LABEL: Record<string, string> = { month: "month", quarter: "quarter", year: "year" };

/** "$1,200.00 / month", "$500.00 one-off", "Free". */
export function formatPrice(price: MoneyView | null): string {
  if (!price || price.amount === 0) return "Free";
  const amount = formatMoney(price.amount, price.currency);
  const interval = price.interval ? INTERVAL_LABEL[price.interval] : undefined;
  return interval ? `${amount} / ${interval}` : `${amount} one-off`;
}
