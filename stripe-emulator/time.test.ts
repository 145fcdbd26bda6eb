import { describe, expect, it } from "vitest";

import { addInterval } from "./time";

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
