import { afterEach, describe, expect, it, vi } from "vitest";

import { addInterval, Clock } from "./time";

const at = (iso: string) => Date.parse(iso) / 1000;

describe("addInterval", () => {
  it("clamps to the end of shorter months, like Stripe's billing anchor", () => {
    expect(addInterval(at("2026-01-31T10:00:00Z"), "month", 1)).toBe(at("2026-02-28T10:00:00Z"));
    expect(addInterval(at("2028-01-31T10:00:00Z"), "month", 1)).toBe(at("2028-02-29T10:00:00Z"));
    expect(addInterval(at("2026-11-15T00:00:00Z"), "month", 3)).toBe(at("2027-02-15T00:00:00Z"));
  });

  it("handles years, weeks and days", () => {
    expect(addInterval(at("2028-02-29T00:00:00Z"), "year", 1)).toBe(at("2029-02-28T00:00:00Z"));
    expect(addInterval(at("2026-03-01T00:00:00Z"), "week", 2)).toBe(at("2026-03-15T00:00:00Z"));
    expect(addInterval(at("2026-03-01T00:00:00Z"), "day", 1)).toBe(at("2026-03-02T00:00:00Z"));
  });
});

describe("Clock.runAt", () => {
  afterEach(() => vi.useRealTimers());

  it("holds the clock at the due moment while the work runs, though real seconds tick (a renewal's draft is dated then)", () => {
    vi.useFakeTimers({ now: Date.parse("2026-12-01T00:00:00Z") });
    const clock = new Clock();
    const due = clock.now() + 30 * 86_400;
    const seen = clock.runAt(due, () => {
      vi.advanceTimersByTime(2_500);
      return clock.now();
    });
    expect(seen).toBe(due);
    // Afterwards the clock runs on from there with real time.
    expect(clock.now()).toBe(due + 2);
  });
});
