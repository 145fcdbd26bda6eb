// Reset schedules: a balance resets at anchor + k periods (k = 1, 2, ...), computed in UTC from the
// anchor every time rather than chained from the previous reset. Chaining would drift: 31 Jan
// + 1 month = 28 Feb, and 28 Feb + 1 month = 28 Mar; from the anchor, the third reset is 31 Mar.
// Days past the end of a short month are clamped to its last day (31 Jan -> 28 or 29 Feb).
import type { PriceInterval, ResetInterval } from "@/lib/generated/prisma";

export type ScheduleInterval = Exclude<ResetInterval, "none"> | Exclude<PriceInterval, "one_off">;

const DAY_MS = 86_400_000;
const FIXED_MS: Partial<Record<ScheduleInterval, number>> = { day: DAY_MS, week: 7 * DAY_MS };
const MONTHS: Partial<Record<ScheduleInterval, number>> = { month: 1, quarter: 3, year: 12 };

/** `date` + `months` calendar months in UTC, the day clamped to the target month's length. */
export function addMonthsUtc(date: Date, months: number): Date {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()),
  );
}

/** The k-th boundary of the schedule (k = 0 is the anchor itself). */
export function boundary(anchor: Date, interval: ScheduleInterval, k: number): Date {
  const fixed = FIXED_MS[interval];
  if (fixed !== undefined) return new Date(anchor.getTime() + k * fixed);
  return addMonthsUtc(anchor, k * MONTHS[interval]!);
}

/** The largest k >= 0 with boundary(k) <= at (0 when `at` is before the anchor). */
export function periodIndex(anchor: Date, interval: ScheduleInterval, at: Date): number {
  if (at.getTime() <= anchor.getTime()) return 0;
  const fixed = FIXED_MS[interval];
  if (fixed !== undefined) return Math.floor((at.getTime() - anchor.getTime()) / fixed);
  const step = MONTHS[interval]!;
  const monthsApart = (at.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (at.getUTCMonth() - anchor.getUTCMonth());
  // The estimate lands in `at`'s month; the clamped boundary there may still be after `at`.
  let k = Math.floor(monthsApart / step);
  while (k > 0 && boundary(anchor, interval, k).getTime() > at.getTime()) k--;
  return k;
}

/** The period of the schedule that contains `at`: [start, end). */
export function periodAt(anchor: Date, interval: ScheduleInterval, at: Date): { start: Date; end: Date } {
  const k = periodIndex(anchor, interval, at);
  return { start: boundary(anchor, interval, k), end: boundary(anchor, interval, k + 1) };
}

/** The first reset of a balance that starts at `anchor`, or null when it never resets. */
export function firstResetAt(anchor: Date, interval: ResetInterval): Date | null {
  return interval === "none" ? null : boundary(anchor, interval, 1);
}

export type ResetState = { resetAnchor: Date | null; resetInterval: ResetInterval; nextResetAt: Date | null };

/**
 * What a lazy reset does at `now`: nothing if the next reset is still ahead; otherwise one reset,
 * however many periods were missed, to the start of the period containing `now`.
 */
export function dueReset(state: ResetState, now: Date): { lastResetAt: Date; nextResetAt: Date } | null {
  if (state.resetInterval === "none" || !state.nextResetAt || state.nextResetAt.getTime() > now.getTime()) return null;
  const anchor = state.resetAnchor ?? state.nextResetAt;
  const { start, end } = periodAt(anchor, state.resetInterval, now);
  return { lastResetAt: start, nextResetAt: end };
}
