// What a feature costs on one invoice (invoices.create's customize.items[].price), with Stripe's
// own arithmetic: the quantity is rounded up to whole billing units (Autumn: "101 rounds to 200"
// with billing_units 100) and priced per billing unit; tiers (`to` in feature units, the last
// `inf`) are Stripe's tiers over those billing units: graduated, each tier's units at its amount
// plus the flat amount of every tier reached; volume, every unit at the amount of the tier the
// quantity falls in, plus that tier's flat amount. Amounts in, major units; out, cents.

export type FeaturePriceTier = { to: number | "inf"; amount?: number; flat_amount?: number };
export type FeaturePrice = { amount?: number; tiers?: FeaturePriceTier[]; tier_behavior: "graduated" | "volume"; billing_units: number };

export type FeatureCharge = {
  /** Feature units billed: the quantity rounded up to whole billing units. */
  units: number;
  /** Billing units (packs of billing_units) charged. */
  packs: number;
  /** Cents for the whole quantity, before any proration. */
  amount: number;
  /** Cents per feature unit when the charge is one amount per unit (no tiers), as Stripe's unit_amount_decimal. */
  unitAmount: number | null;
};

const toCents = (major: number) => major * 100;

export function featureCharge(price: FeaturePrice, quantity: number): FeatureCharge {
  const packs = Math.ceil(quantity / price.billing_units - 1e-9);
  const units = packs * price.billing_units;
  if (price.amount !== undefined) {
    return { units, packs, amount: Math.round(packs * toCents(price.amount)), unitAmount: toCents(price.amount) / price.billing_units };
  }
  const tiers = price.tiers ?? [];
  const upTo = (tier: FeaturePriceTier) => (tier.to === "inf" ? Infinity : tier.to / price.billing_units);
  let cents = 0;
  if (price.tier_behavior === "volume") {
    const tier = tiers.find((candidate) => packs <= upTo(candidate)) ?? tiers[tiers.length - 1]!;
    cents = packs * toCents(tier.amount ?? 0) + toCents(tier.flat_amount ?? 0);
  } else {
    let from = 0;
    for (const tier of tiers) {
      if (packs <= from && from > 0) break;
      const inTier = Math.max(0, Math.min(packs, upTo(tier)) - from);
      cents += inTier * toCents(tier.amount ?? 0) + toCents(tier.flat_amount ?? 0);
      from = upTo(tier);
    }
  }
  return { units, packs, amount: Math.round(cents), unitAmount: null };
}
