// A plan change's money as autumn-js 1.3.13's preview answers (PreviewAttachResponse,
// PreviewUpdateResponse, PreviewMultiAttachResponse share the shape): major units, ms timestamps.
import { applyDiscounts, linesSubtotal, linesTotal, type ChangeMoney, type Discount, type MoneyLine } from "./proration";

const major = (cents: number) => Math.round(cents) / 100;
const ms = (date: Date) => date.getTime();

export type WireLineItem = {
  display_name: string;
  description: string;
  subtotal: number;
  total: number;
  discounts?: { amount_off: number; percent_off?: number; reward_id?: string; reward_name?: string }[];
  plan_id: string;
  feature_id: string | null;
  period?: { start: number; end: number };
  quantity: number;
};

export type WirePlanChange = {
  plan_id: string;
  feature_quantities: { feature_id: string; quantity: number }[];
  effective_at: number | null;
  canceled_at: number | null;
  expires_at: number | null;
};

export type WirePreview = {
  customer_id: string;
  line_items: WireLineItem[];
  subtotal: number;
  total: number;
  currency: string;
  next_cycle?: { starts_at: number; subtotal: number; total: number; line_items: WireLineItem[]; usage_line_items: [] };
  incoming: WirePlanChange[];
  outgoing: WirePlanChange[];
};

function wireLine(line: MoneyLine): WireLineItem {
  return {
    display_name: line.displayName,
    description: line.description,
    subtotal: major(line.amount),
    total: major(line.amount - (line.discount?.amountOff ?? 0)),
    ...(line.discount
      ? {
          discounts: [
            {
              amount_off: major(line.discount.amountOff),
              ...(line.discount.percentOff !== undefined ? { percent_off: line.discount.percentOff } : {}),
              ...(line.discount.rewardId ? { reward_id: line.discount.rewardId } : {}),
              ...(line.discount.rewardName ? { reward_name: line.discount.rewardName } : {}),
            },
          ],
        }
      : {}),
    plan_id: line.planId,
    feature_id: null,
    ...(line.period ? { period: { start: ms(line.period.start), end: ms(line.period.end) } } : {}),
    quantity: line.quantity,
  };
}

/** Several changes' money (a multi-attach, or one change) as one preview. */
export function previewBody(args: {
  customerId: string;
  currency: string;
  changes: ChangeMoney[];
  discounts: Discount[];
  incoming: WirePlanChange[];
  outgoing: WirePlanChange[];
}): WirePreview {
  const now = applyDiscounts(
    args.changes.flatMap((change) => change.lines),
    args.discounts,
    true,
  );
  const cycles = args.changes.flatMap((change) => (change.nextCycle ? [change.nextCycle] : []));
  const startsAt = cycles.length > 0 ? new Date(Math.min(...cycles.map((cycle) => cycle.startsAt.getTime()))) : null;
  // The next regular invoice: what renews at the earliest renewal (lines that renew later are on a later invoice).
  const nextLines = startsAt
    ? applyDiscounts(
        cycles.filter((cycle) => cycle.startsAt.getTime() === startsAt.getTime()).flatMap((cycle) => cycle.lines),
        args.discounts,
        false,
      )
    : [];
  return {
    customer_id: args.customerId,
    line_items: now.map(wireLine),
    subtotal: major(linesSubtotal(now)),
    total: major(linesTotal(now)),
    currency: args.currency,
    ...(startsAt
      ? { next_cycle: { starts_at: ms(startsAt), subtotal: major(linesSubtotal(nextLines)), total: major(linesTotal(nextLines)), line_items: nextLines.map(wireLine), usage_line_items: [] } }
      : {}),
    incoming: args.incoming,
    outgoing: args.outgoing,
  };
}

export const msOrNull = (date: Date | null | undefined) => (date ? date.getTime() : null);
