// The time window and bins of an aggregation, in UTC. Preset ranges end with the current bin and
// start on a bin boundary, so whole hours are read from the hourly rollups; a custom range may
// cut hours, whose edges are read from the events themselves (see aggregate-usage.ts).
import type { BIN_SIZES } from "./schemas";

export type BinSize = (typeof BIN_SIZES)[number];
export type UsageWindow = { start: Date; end: Date; bin: BinSize; periods: Date[] };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_PERIODS = 5000;

/** The start of the UTC bin containing `at` (weeks start on Monday, as PostgreSQL's date_trunc). */
export function binStart(at: Date, bin: BinSize): Date {
  const t = at.getTime();
  switch (bin) {
    case "hour":
      return new Date(Math.floor(t / HOUR) * HOUR);
    case "day":
      return new Date(Math.floor(t / DAY) * DAY);
    case "week": {
      const day = Math.floor(t / DAY) * DAY;
      const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
      return new Date(day - weekday * DAY);
    }
    case "month":
      return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  }
}

export function nextBin(start: Date, bin: BinSize): Date {
  switch (bin) {
    case "hour":
      return new Date(start.getTime() + HOUR);
    case "day":
      return new Date(start.getTime() + DAY);
    case "week":
      return new Date(start.getTime() + 7 * DAY);
    case "month":
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  }
}

/** The bins covering [start, end), oldest first. */
export function windowOf(start: Date, end: Date, bin: BinSize): UsageWindow {
  const periods: Date[] = [];
  for (let period = binStart(start, bin); period < end; period = nextBin(period, bin)) {
    periods.push(period);
    if (periods.length > MAX_PERIODS) throw new RangeError(`more than ${MAX_PERIODS} ${bin} bins`);
  }
  return { start, end, bin, periods };
}

/**
 * A preset range: the last 24 hours (the current hour last) or the last N days (today last), to
 * the end of the current bin. The same for every request of the hour (every bin boundary is an
 * hour's), so the few in use are kept: a month of days is 31 instants to make otherwise, on every
 * events.aggregate. Shared: callers read it, never change it.
 */
export function presetWindow(range: "24h" | "7d" | "30d" | "90d", bin: BinSize, now: Date): UsageWindow {
  const key = `${range}:${bin}:${Math.floor(now.getTime() / HOUR)}`;
  let window = presetWindows.get(key);
  if (window === undefined) {
    const start = range === "24h" ? new Date(binStart(now, "hour").getTime() - 23 * HOUR) : new Date(binStart(now, "day").getTime() - (Number(range.slice(0, -1)) - 1) * DAY);
    const alignedStart = binStart(start, bin);
    window = windowOf(alignedStart, nextBin(binStart(now, bin), bin), bin);
    Object.freeze(window.periods);
    Object.freeze(window);
    if (presetWindows.size >= PRESET_WINDOWS_MAX) presetWindows.clear();
    presetWindows.set(key, window);
  }
  return window;
}

const presetWindows = new Map<string, UsageWindow>();
const PRESET_WINDOWS_MAX = 64;
