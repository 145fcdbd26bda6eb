import type { PlanPrice } from "@/lib/plans/plan-view";
import { formatMoney } from "@/components/dashboard/format";

const PER: Record<PlanPrice["interval"], string> = { one_off: "one-off", month: "/ month", quarter: "/ quarter", year: "/ year" };

/** "$20.00 / month", "$99.00 one-off", "Free". */
export function formatPlanPrice(price: PlanPrice | null): string {
  if (!price || price.amount === 0) return "Free";
  return `${formatMoney(price.amount, price.currency)} ${PER[price.interval]}`;
}
