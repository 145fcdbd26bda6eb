import { describe, expect, it } from "vitest";
import { effectiveCancelAt } from "./cancel-date";

describe("effectiveCancelAt", () => {
  const periodEnd = new Date("2026-12-31T00:00:00Z");
  it("a contract ending after the period: the period's end", () => {
    expect(effectiveCancelAt(periodEnd, "2027-06-30T00:00:00Z")).toEqual(periodEnd);
  });
  it("a contract ending before the period's end: the contract's end", () => {
    expect(effectiveCancelAt(periodEnd.getTime(), new Date("2026-12-20T00:00:00Z"))).toEqual(new Date("2026-12-20T00:00:00Z"));
  });
  it("one of them unknown: the other; neither: null", () => {
    expect(effectiveCancelAt(null, periodEnd)).toEqual(periodEnd);
    expect(effectiveCancelAt(periodEnd, undefined)).toEqual(periodEnd);
    expect(effectiveCancelAt(null, null)).toBeNull();
  });
});
