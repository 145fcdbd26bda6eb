// The metadata Equinox puts on the Checkout Sessions and subscriptions it creates, so that the
// webhooks know which customer and plan a payment is for, whatever order they arrive in. A plan
// bought with negotiated terms (billing.attach's customize price, feature_quantities, ends_at,
// discounts) carries them here too: the completion enables the plan with exactly what was sold,
// not the list terms (Stripe metadata values are strings of at most 500 characters).
import type { Env } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";
import type { PlanItemOverride } from "@/lib/plans/schemas";

export type CheckoutPurpose = "plan" | "setup_payment";

export type EquinoxCheckoutMetadata = {
  equinox_env: Env;
  equinox_customer_id: string;
  equinox_purpose: CheckoutPurpose;
  equinox_plan_id?: string;
  equinox_plan_version_id?: string;
  /** The negotiated price, in minor units. */
  equinox_custom_price?: string;
  equinox_quantity?: string;
  /** ISO 8601. */
  equinox_ends_at?: string;
  /** JSON of the per-feature overrides (feature_quantities' grants, customize items). */
  equinox_overrides?: string;
  /** JSON of the customer plan's stored discounts (for its later previews). */
  equinox_discounts?: string;
};

/** What was sold beyond the plan's list terms. */
export type CheckoutTerms = {
  customPriceAmount?: number | null;
  quantity?: number;
  endsAt?: Date | null;
  overrides?: Record<string, PlanItemOverride>;
  discounts?: unknown[];
};

const METADATA_VALUE_MAX = 500;

export function checkoutMetadata(input: { env: Env; customerId: string; purpose: CheckoutPurpose; planId?: string; planVersionId?: string; terms?: CheckoutTerms }): Record<string, string> {
  const metadata: EquinoxCheckoutMetadata = { equinox_env: input.env, equinox_customer_id: input.customerId, equinox_purpose: input.purpose };
  if (input.planId) metadata.equinox_plan_id = input.planId;
  if (input.planVersionId) metadata.equinox_plan_version_id = input.planVersionId;
  const terms = input.terms;
  if (terms?.customPriceAmount != null) metadata.equinox_custom_price = String(terms.customPriceAmount);
  if (terms?.quantity !== undefined && terms.quantity !== 1) metadata.equinox_quantity = String(terms.quantity);
  if (terms?.endsAt) metadata.equinox_ends_at = terms.endsAt.toISOString();
  if (terms?.overrides && Object.keys(terms.overrides).length > 0) metadata.equinox_overrides = boundedJson("overrides", terms.overrides);
  if (terms?.discounts && terms.discounts.length > 0) metadata.equinox_discounts = boundedJson("discounts", terms.discounts);
  return metadata;
}

/** Too long for Stripe's metadata: refused before the session exists rather than sold with terms lost. */
function boundedJson(what: string, value: unknown): string {
  const json = JSON.stringify(value);
  if (json.length > METADATA_VALUE_MAX) {
    throw new DomainError("not_supported", `the ${what} of this attach are too long to carry through Stripe Checkout: bill it by invoice (invoice_mode: { enabled: true })`);
  }
  return json;
}

export type PlanTarget = { customerId: string; planId: string; planVersionId?: string; terms?: CheckoutTerms };

/** The plan a Checkout Session or subscription pays for, when Equinox created it, with the terms it was sold on. */
export function planFromMetadata(metadata: Record<string, string> | null | undefined, env: Env): PlanTarget | null {
  if (!metadata || metadata.equinox_env !== env || metadata.equinox_purpose !== "plan") return null;
  const customerId = metadata.equinox_customer_id;
  const planId = metadata.equinox_plan_id;
  if (!customerId || !planId) return null;
  const terms = termsFromMetadata(metadata);
  return { customerId, planId, ...(metadata.equinox_plan_version_id ? { planVersionId: metadata.equinox_plan_version_id } : {}), ...(terms ? { terms } : {}) };
}

function termsFromMetadata(metadata: Record<string, string>): CheckoutTerms | null {
  const terms: CheckoutTerms = {};
  const price = Number(metadata.equinox_custom_price);
  if (metadata.equinox_custom_price !== undefined && Number.isInteger(price) && price >= 0) terms.customPriceAmount = price;
  const quantity = Number(metadata.equinox_quantity);
  if (metadata.equinox_quantity !== undefined && Number.isInteger(quantity) && quantity > 0) terms.quantity = quantity;
  const endsAt = metadata.equinox_ends_at ? new Date(metadata.equinox_ends_at) : null;
  if (endsAt && !Number.isNaN(endsAt.getTime())) terms.endsAt = endsAt;
  const overrides = parseJson(metadata.equinox_overrides);
  if (overrides && typeof overrides === "object" && !Array.isArray(overrides)) terms.overrides = overrides as Record<string, PlanItemOverride>;
  const discounts = parseJson(metadata.equinox_discounts);
  if (Array.isArray(discounts)) terms.discounts = discounts;
  return Object.keys(terms).length > 0 ? terms : null;
}

function parseJson(value: string | undefined): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}
