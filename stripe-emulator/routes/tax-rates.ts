import type Stripe from "stripe";

import { pathObject, type ApiContext, type ApiRoute } from "../context";
import { invalidRequest, parameterMissing, resourceMissing } from "../errors";
import { newId } from "../ids";
import { newestFirst, paginate } from "../list";
import { applyMetadata, type Params } from "../params";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

const TAX_TYPES = [
  "amusement_tax", "communications_tax", "gst", "hst", "igst", "jct", "lease_tax", "pst", "qst", "retail_delivery_fee",
  "rst", "sales_tax", "service_tax", "vat",
] as const;

function percentage(params: Params): number {
  const raw = params.string("percentage");
  if (raw === undefined) throw parameterMissing("percentage");
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw invalidRequest("Invalid percentage: must be between 0 and 100.", "percentage");
  }
  return value;
}

/** `POST /v1/tax_rates`: a percentage, inclusive or exclusive; never deleted, only archived (`active=false`). */
function create(ctx: ApiContext): object {
  const { params, state } = ctx;
  params.allowOnly(["active", "country", "description", "display_name", "expand", "inclusive", "jurisdiction", "metadata", "percentage", "state", "tax_type"]);
  const displayName = params.requiredString("display_name");
  const inclusive = params.boolean("inclusive");
  if (inclusive === undefined) throw parameterMissing("inclusive");
  const rate: Stripe.TaxRate = {
    id: newId("txr"),
    object: "tax_rate",
    active: params.boolean("active") ?? true,
    country: params.string("country") ?? null,
    created: nowSeconds(state),
    description: params.string("description") ?? null,
    display_name: displayName,
    effective_percentage: null,
    flat_amount: null,
    inclusive,
    jurisdiction: params.string("jurisdiction") ?? null,
    jurisdiction_level: null,
    livemode: state.livemode,
    metadata: applyMetadata(null, params.metadata()),
    percentage: percentage(params),
    rate_type: "percentage",
    state: params.string("state") ?? null,
    tax_type: params.enumOf("tax_type", TAX_TYPES) ?? null,
  };
  rate.effective_percentage = rate.percentage;
  state.taxRates.set(rate.id, rate);
  return rate;
}

function existing(ctx: ApiContext): Stripe.TaxRate {
  return pathObject(ctx, ctx.state.taxRates, "tax_rate");
}

function retrieve(ctx: ApiContext): object {
  return existing(ctx);
}

/** `POST /v1/tax_rates/:id`: the percentage and inclusiveness never change (Stripe: make a new rate). */
function update(ctx: ApiContext): object {
  const { params } = ctx;
  params.allowOnly(["active", "country", "description", "display_name", "expand", "jurisdiction", "metadata", "state", "tax_type"]);
  const rate = existing(ctx);
  const active = params.boolean("active");
  if (active !== undefined) rate.active = active;
  const displayName = params.string("display_name");
  if (displayName !== undefined) rate.display_name = displayName;
  const description = params.nullableString("description");
  if (description !== undefined) rate.description = description;
  rate.metadata = applyMetadata(rate.metadata, params.metadata());
  return rate;
}

function list(ctx: ApiContext): object {
  const { params } = ctx;
  const active = params.boolean("active");
  const inclusive = params.boolean("inclusive");
  const rates = newestFirst(ctx.state.taxRates.values()).filter(
    (rate) => (active === undefined || rate.active === active) && (inclusive === undefined || rate.inclusive === inclusive),
  );
  return paginate(rates, params, "/v1/tax_rates");
}

/**
 * `default_tax_rates[]` of an invoice (`""` clears): the rates, each known and active. An inclusive
 * and an exclusive rate may not be mixed, as on Stripe. Null when the param is absent.
 */
export function parseTaxRates(state: ModeState, params: Params, key = "default_tax_rates"): Stripe.TaxRate[] | null {
  if (!params.has(key)) return null;
  if (params.raw[key] === "") return [];
  const ids = params.stringArray(key) ?? [];
  const rates = ids.map((id, index) => {
    const rate = state.taxRates.get(id);
    if (rate === undefined) throw resourceMissing("tax_rate", id, `${params.path(key)}[${index}]`);
    if (!rate.active) throw invalidRequest(`Tax rate ${id} is inactive and cannot be applied.`, `${params.path(key)}[${index}]`);
    return rate;
  });
  if (rates.some((rate) => rate.inclusive) && rates.some((rate) => !rate.inclusive)) {
    throw invalidRequest("You cannot combine inclusive and exclusive tax rates.", params.path(key));
  }
  if (new Set(ids).size !== ids.length) throw invalidRequest("A tax rate cannot be applied twice.", params.path(key));
  return rates;
}

export const taxRateRoutes: ApiRoute[] = [
  { method: "POST", path: "/v1/tax_rates", handler: create },
  { method: "GET", path: "/v1/tax_rates", handler: list },
  { method: "GET", path: "/v1/tax_rates/:id", handler: retrieve },
  { method: "POST", path: "/v1/tax_rates/:id", handler: update },
];
