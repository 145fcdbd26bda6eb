export type Interval = "day" | "week" | "month" | "year";

export const INTERVALS: readonly Interval[] = ["day", "week", "month", "year"];

/**
 * The emulator's own clock: real time plus an offset that only moves forward
 * (`advanceClock`), which gives Stripe's test-clock semantics to the whole
 * emulator without test clock objects. Test and live share one clock.
 */
export class Clock {
  offsetSeconds = 0;
  /** While due work runs (advanceClock), the moment it is due: real time does not tick under it. */
  private heldAt: number | null = null;

  now(): number {
    return this.heldAt ?? Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  /** Runs `work` with the clock held at `at` (moved there first), as a Stripe test clock is while it advances. */
  runAt<T>(at: number, work: () => T): T {
    this.moveTo(at);
    this.heldAt = this.now();
    try {
      return work();
    } finally {
      this.heldAt = null;
    }
  }

  /** Moves the clock so that `now()` is `to` (never backwards). */
  moveTo(to: number): void {
    const current = this.now();
    if (to > current) this.offsetSeconds += to - current;
  }
}

export function nowSeconds(state: { clock: Clock }): number {
  return state.clock.now();
}

function daysInMonthUtc(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Calendar arithmetic the way Stripe bills: a subscription anchored on Jan 31
 * renews on the last day of February, not on March 3.
 */
export function addInterval(fromSeconds: number, interval: Interval, count: number): number {
  const from = new Date(fromSeconds * 1000);
  if (interval === "day") return fromSeconds + count * 86_400;
  if (interval === "week") return fromSeconds + count * 7 * 86_400;
  const months = interval === "year" ? count * 12 : count;
  const total = from.getUTCMonth() + months;
  const year = from.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(from.getUTCDate(), daysInMonthUtc(year, month));
  const to = Date.UTC(
    year,
    month,
    day,
    from.getUTCHours(),
    from.getUTCMinutes(),
    from.getUTCSeconds(),
  );
  return Math.floor(to / 1000);
}
