import { describe, expect, it } from "vitest";
import { featureCharge } from "./feature-price";

const tiers = [
  { to: 1000, amount: 0.01 },
  { to: 5000, amount: 0.005, flat_amount: 2 },
  { to: "inf" as const, amount: 0.001 },
];

describe("featureCharge: Stripe's arithmetic over billing units and tiers", () => {
  it("a per-unit amount: the quantity rounded up to whole billing units, priced per billing unit", () => {
    expect(featureCharge({ amount: 5, tier_behavior: "graduated", billing_units: 1 }, 7)).toEqual({ units: 7, packs: 7, amount: 3500, unitAmount: 500 });
    expect(featureCharge({ amount: 1, tier_behavior: "graduated", billing_units: 100 }, 101)).toEqual({ units: 200, packs: 2, amount: 200, unitAmount: 1 });
    expect(featureCharge({ amount: 1, tier_behavior: "graduated", billing_units: 100 }, 200)).toMatchObject({ units: 200, packs: 2 });
  });

  it("graduated: each tier's units at its amount, plus the flat amount of every tier reached", () => {
    expect(featureCharge({ tiers, tier_behavior: "graduated", billing_units: 1 }, 800).amount).toBe(800);
    // 1000 × 1¢ + 1500 × 0.5¢ + $2
    expect(featureCharge({ tiers, tier_behavior: "graduated", billing_units: 1 }, 2500).amount).toBe(1950);
    // 1000 × 1¢ + 4000 × 0.5¢ + $2 + 1000 × 0.1¢
    expect(featureCharge({ tiers, tier_behavior: "graduated", billing_units: 1 }, 6000).amount).toBe(3300);
  });

  it("volume: every unit at the amount of the tier the quantity falls in, plus its flat amount", () => {
    expect(featureCharge({ tiers, tier_behavior: "volume", billing_units: 1 }, 1000).amount).toBe(1000);
    expect(featureCharge({ tiers, tier_behavior: "volume", billing_units: 1 }, 2500).amount).toBe(1450);
    expect(featureCharge({ tiers, tier_behavior: "volume", billing_units: 1 }, 6000).amount).toBe(600);
  });

  it("tiers over billing units: `to` in feature units, amounts per billing unit", () => {
    // 2500 units in packs of 100 = 25 packs: 10 packs at $1, 15 at $0.50 + $2
    expect(featureCharge({ tiers: [{ to: 1000, amount: 1 }, { to: "inf", amount: 0.5, flat_amount: 2 }], tier_behavior: "graduated", billing_units: 100 }, 2450)).toEqual({
      units: 2500,
      packs: 25,
      amount: 1950,
      unitAmount: null,
    });
  });
});
