// The customer object of the public API, exactly as the contract (and autumn-js's
// `Customer$inboundSchema`) describes it. Times are milliseconds since the epoch. The entitlement
// parts come from lib/entitlements as they are, with that work's extensions (price, custom,
// breakdown: the SDK ignores them) declared below, so the strict schemas catch anything else.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import type { Customer } from "@/lib/generated/prisma";
import type { CustomerEntitlements } from "@/lib/entitlements/types";

const ms = z.number().meta({ description: "Milliseconds since the Unix epoch." });

// Entitlements additions (issue 4): the price a customer pays (Equinox extension) and Autumn's balance breakdown.
const apiPlanPriceSchema = z
  .object({ amount: z.number().meta({ description: "Minor units (cents)." }), currency: z.string(), interval: z.enum(["one_off", "month", "quarter", "year"]).nullable() })
  .strict()
  .meta({ id: "PlanPrice", description: "Equinox: the price this customer pays (negotiated, or the plan's)." });

const apiBalanceBreakdownSchema = z
  .object({
    id: z.string(),
    plan_id: z.string().nullable(),
    included_grant: z.number(),
    prepaid_grant: z.number(),
    remaining: z.number(),
    usage: z.number(),
    unlimited: z.boolean(),
    reset: z.object({ interval: z.enum(["day", "week", "month", "quarter", "year"]), resets_at: ms.nullable() }).strict().nullable(),
    price: z.null(),
    expires_at: ms.nullable(),
  })
  .strict()
  .meta({ id: "BalanceBreakdown" });

export const apiSubscriptionSchema = z
  .object({
    id: z.string(),
    plan_id: z.string(),
    auto_enable: z.boolean(),
    add_on: z.boolean(),
    status: z.enum(["active", "scheduled"]),
    past_due: z.boolean(),
    canceled_at: ms.nullable(),
    expires_at: ms.nullable(),
    trial_ends_at: ms.nullable(),
    started_at: ms,
    current_period_start: ms.nullable(),
    current_period_end: ms.nullable(),
    quantity: z.number(),
    price: apiPlanPriceSchema.nullable().optional(),
    custom: z.boolean().optional().meta({ description: "Equinox: a negotiated price or per-feature overrides apply to this customer only." }),
  })
  .strict()
  .meta({ id: "Subscription" });

export const apiPurchaseSchema = z
  .object({
    plan_id: z.string(),
    expires_at: ms.nullable(),
    started_at: ms,
    quantity: z.number(),
    price: apiPlanPriceSchema.nullable().optional(),
    custom: z.boolean().optional(),
  })
  .strict()
  .meta({ id: "Purchase" });

export const apiBalanceSchema = z
  .object({
    feature_id: z.string(),
    granted: z.number(),
    remaining: z.number(),
    usage: z.number(),
    unlimited: z.boolean(),
    overage_allowed: z.boolean(),
    max_purchase: z.number().nullable(),
    next_reset_at: ms.nullable(),
    breakdown: z.array(apiBalanceBreakdownSchema).optional().meta({ description: "Each source of the balance (one per enabled plan that grants the feature)." }),
  })
  .strict()
  .meta({ id: "Balance" });

export const apiFlagSchema = z
  .object({ id: z.string(), plan_id: z.string().nullable(), expires_at: ms.nullable(), feature_id: z.string() })
  .strict()
  .meta({ id: "Flag" });

/** An entity of the customer (a seat, a workspace), as customers.get lists it with `expand: ["entities"]`. */
export const apiCustomerEntitySchema = z
  .object({
    id: z.string().meta({ description: "Your id for the entity." }),
    name: z.string().nullable(),
    customer_id: z.string().nullable().meta({ description: "The id of the customer that owns the entity (its internal id while it has none)." }),
    feature_id: z.string().nullable().meta({ description: "The continuous-use feature the entity counts against." }),
    created_at: ms,
    env: z.enum(["sandbox", "live"]),
  })
  .strict()
  .meta({ id: "CustomerEntity" });

export type ApiCustomerEntity = z.infer<typeof apiCustomerEntitySchema>;

export const apiCustomerSchema = z
  .object({
    id: z.string().nullable().meta({ description: "Your id for the customer; null while the customer is pending." }),
    name: z.string().nullable(),
    email: z.string().nullable(),
    created_at: ms,
    fingerprint: z.string().nullable(),
    stripe_id: z.string().nullable(),
    env: z.enum(["sandbox", "live"]),
    metadata: z.record(z.string(), z.unknown()),
    send_email_receipts: z.boolean(),
    billing_controls: z.object({}).strict(),
    subscriptions: z.array(apiSubscriptionSchema),
    purchases: z.array(apiPurchaseSchema),
    licenses: z.array(z.never()),
    balances: z.record(z.string(), apiBalanceSchema),
    flags: z.record(z.string(), apiFlagSchema),
    entities: z.array(apiCustomerEntitySchema).optional().meta({ description: 'The customer\'s live entities, oldest first: only with `expand: ["entities"]`.' }),
  })
  .strict()
  .meta({ id: "Customer" });

export type ApiCustomer = z.infer<typeof apiCustomerSchema>;

function metadataObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function toApiCustomer(row: Customer, entitlements: CustomerEntitlements): ApiCustomer {
  return {
    id: row.externalId,
    name: row.name,
    email: row.email,
    created_at: row.createdAt.getTime(),
    fingerprint: row.fingerprint,
    stripe_id: row.stripeId,
    env: row.env,
    metadata: metadataObject(row.metadata),
    send_email_receipts: row.sendEmailReceipts,
    billing_controls: {},
    subscriptions: entitlements.subscriptions,
    purchases: entitlements.purchases,
    licenses: [],
    balances: entitlements.balances,
    flags: entitlements.flags,
  };
}
