import { describe, expect, it } from "vitest";
import { addMonthsUtc, boundary, dueReset, periodAt, periodIndex } from "./reset-schedule";

const d = (iso: string) => new Date(iso);

describe("reset schedule", () => {
  it("clamps month ends: 31 Jan -> 28 Feb (29 in a leap year) -> 31 Mar, from the anchor", () => {
    const anchor = d("2025-01-31T10:00:00Z");
    expect(boundary(anchor, "month", 1)).toEqual(d("2025-02-28T10:00:00Z"));
    expect(boundary(anchor, "month", 2)).toEqual(d("2025-03-31T10:00:00Z"));
    expect(boundary(anchor, "month", 3)).toEqual(d("2025-04-30T10:00:00Z"));
    expect(boundary(d("2024-01-31T10:00:00Z"), "month", 1)).toEqual(d("2024-02-29T10:00:00Z"));
    expect(boundary(d("2024-02-29T00:00:00Z"), "year", 1)).toEqual(d("2025-02-28T00:00:00Z"));
    expect(boundary(d("2024-02-29T00:00:00Z"), "year", 4)).toEqual(d("2028-02-29T00:00:00Z"));
    expect(boundary(d("2025-11-30T00:00:00Z"), "quarter", 1)).toEqual(d("2026-02-28T00:00:00Z"));
    expect(addMonthsUtc(d("2025-12-31T23:59:59.999Z"), 2)).toEqual(d("2026-02-28T23:59:59.999Z"));
  });

  it("finds the period containing a moment, the boundary itself included", () => {
    const anchor = d("2025-01-31T10:00:00Z");
    expect(periodIndex(anchor, "month", d("2025-02-28T09:59:59.999Z"))).toBe(0);
    expect(periodIndex(anchor, "month", d("2025-02-28T10:00:00Z"))).toBe(1);
    expect(periodIndex(anchor, "month", d("2025-03-30T12:00:00Z"))).toBe(1);
    expect(periodIndex(anchor, "month", d("2025-03-31T10:00:00Z"))).toBe(2);
    expect(periodAt(anchor, "month", d("2026-01-15T00:00:00Z"))).toEqual({ start: d("2025-12-31T10:00:00Z"), end: d("2026-01-31T10:00:00Z") });
    expect(periodAt(d("2025-03-03T00:00:00Z"), "week", d("2025-03-20T00:00:00Z"))).toEqual({ start: d("2025-03-17T00:00:00Z"), end: d("2025-03-24T00:00:00Z") });
    expect(periodAt(d("2025-03-03T06:00:00Z"), "day", d("2025-03-05T05:00:00Z"))).toEqual({ start: d("2025-03-04T06:00:00Z"), end: d("2025-03-05T06:00:00Z") });
  });

  it("resets once, to the latest period, however many periods were missed", () => {
    const state = { resetInterval: "month" as const, resetAnchor: d("2025-01-31T10:00:00Z"), nextResetAt: d("2025-02-28T10:00:00Z") };
    expect(dueReset(state, d("2025-02-28T09:59:59Z"))).toBeNull();
    expect(dueReset(state, d("2025-02-28T10:00:00Z"))).toEqual({ lastResetAt: d("2025-02-28T10:00:00Z"), nextResetAt: d("2025-03-31T10:00:00Z") });
    // Three periods missed (28 Feb, 31 Mar, 30 Apr): one reset, to 30 Apr; the next is 31 May.
    expect(dueReset(state, d("2025-05-15T00:00:00Z"))).toEqual({ lastResetAt: d("2025-04-30T10:00:00Z"), nextResetAt: d("2025-05-31T10:00:00Z") });
    expect(dueReset({ ...state, resetInterval: "none" }, d("2030-01-01T00:00:00Z"))).toBeNull();
  });
});
