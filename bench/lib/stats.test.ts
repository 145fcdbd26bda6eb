import { describe, expect, it } from "vitest";
import { median, percentile } from "./stats";

describe("percentile (nearest rank)", () => {
  it("takes the value at the rank, whatever the input order", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(median([3, 1, 2])).toBe(2);
    expect(values).toEqual([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
  });

  it("is NaN for no values", () => {
    expect(percentile([], 99)).toBeNaN();
    expect(median([])).toBeNaN();
  });
});

describe("median", () => {
  it("of an even count is the mean of the two middle values (two rounds: their mean, not the lower)", () => {
    expect(median([6.99, 5.67])).toBeCloseTo(6.33, 10);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
