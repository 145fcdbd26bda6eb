// presetWindow keeps the windows it made (one per range, bin and hour): a kept one must be the
// window a fresh computation gives at any instant of that hour, and a new hour gets its own.
import { describe, expect, it } from "vitest";
import { BIN_SIZES } from "./schemas";
import { binStart, nextBin, presetWindow, windowOf, type BinSize } from "./usage-window";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The window as presetWindow computed it before it kept any. */
function fresh(range: "24h" | "7d" | "30d" | "90d", bin: BinSize, now: Date) {
  const start = range === "24h" ? new Date(binStart(now, "hour").getTime() - 23 * HOUR) : new Date(binStart(now, "day").getTime() - (Number(range.slice(0, -1)) - 1) * DAY);
  return windowOf(binStart(start, bin), nextBin(binStart(now, bin), bin), bin);
}

describe("presetWindow", () => {
  it("answers, at any instant of an hour, the window computed afresh for that instant", () => {
    // The first and last millisecond of hours at a day's, a week's (Monday) and a month's boundaries.
    const hours = [Date.UTC(2026, 2, 1, 0), Date.UTC(2026, 2, 2, 23), Date.UTC(2026, 11, 31, 23), Date.UTC(2026, 5, 15, 13)];
    for (const hour of hours) {
      for (const at of [hour, hour + 1, hour + HOUR / 2, hour + HOUR - 1]) {
        for (const range of ["24h", "7d", "30d", "90d"] as const) {
          for (const bin of BIN_SIZES) {
            const now = new Date(at);
            expect(presetWindow(range, bin, now), `${range} by ${bin} at ${now.toISOString()}`).toEqual(fresh(range, bin, now));
          }
        }
      }
    }
  });

  it("shares one window within the hour, frozen, and makes a new one the next hour", () => {
    const hour = Date.UTC(2026, 6, 1, 9);
    const first = presetWindow("30d", "day", new Date(hour + 5));
    expect(presetWindow("30d", "day", new Date(hour + HOUR - 1))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.periods)).toBe(true);
    const next = presetWindow("24h", "hour", new Date(hour + HOUR));
    expect(next).not.toBe(presetWindow("24h", "hour", new Date(hour)));
    expect(next.periods.at(-1)!.getTime()).toBe(hour + HOUR);
  });
});
