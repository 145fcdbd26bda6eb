// The pooled source keeps the shapes its callers rely on, and does not repeat itself.
import { describe, expect, it } from "vitest";
import { newId } from "./ids";
import { randomHex, secureRandom } from "./random-pool";

describe("random pool", () => {
  it("gives numbers in [0, 1) spread over the range, across several refills of the pool", () => {
    const draws = Array.from({ length: 5000 }, secureRandom);
    expect(draws.every((n) => n >= 0 && n < 1)).toBe(true);
    const buckets = new Array(10).fill(0);
    for (const n of draws) buckets[Math.floor(n * 10)]++;
    // 500 expected per bucket; a stuck or biased source lands far outside this.
    for (const count of buckets) expect(count).toBeGreaterThan(350);
    expect(new Set(draws).size).toBeGreaterThan(4990);
  });

  it("gives hex of the asked length, different each time", () => {
    const values = Array.from({ length: 2000 }, () => randomHex(12));
    expect(values.every((v) => /^[0-9a-f]{24}$/.test(v))).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  it("keeps ids unique and ordered by creation", () => {
    const ids = Array.from({ length: 3000 }, () => newId("use"));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^use_[0-9a-hjkmnp-tv-z]{26}$/);
  });
});
