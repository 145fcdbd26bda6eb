// Input schemas of check, track and balance adjustments. The /v1 routes validate with these
// (wire names, as the API contract and the SDK spell them); unknown keys are ignored.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { featureIdSchema } from "@/lib/features/schemas";

const requiredString = (max = 255) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`);

/** What the application attaches to an event (stored as given; events.aggregate can group by a key). */
export const eventPropertiesSchema = z.record(z.string(), z.unknown(), { error: "must be an object" });

/** Epoch milliseconds, as the SDK sends times. */
export const epochMsSchema = () =>
  z
    .number({ error: (issue) => (issue.input === undefined ? "is required" : "must be a number (epoch milliseconds)") })
    .int("must be a whole number of milliseconds")
    .min(0, "must not be negative")
    .max(8_640_000_000_000_000, "is not a valid time");

const finiteNumber = () => z.number({ error: (issue) => (issue.input === undefined ? "is required" : "must be a number") }).finite("must be a finite number");

export const checkSchema = z.object({
  customer_id: requiredString(),
  feature_id: requiredString(),
  /** A per-entity feature's balance is this entity's own (others stay the customer's). */
  entity_id: requiredString().optional(),
  /** The balance that must remain for the answer to be `allowed`; with send_event, what is consumed. */
  required_balance: finiteNumber().min(0, "must not be negative").default(1),
  /** true: check and consume `required_balance` in one atomic step. */
  send_event: z.boolean({ error: "must be a boolean" }).default(false),
  /** Stored on the usage event that send_event records. */
  properties: eventPropertiesSchema.optional(),
});

export const trackSchema = z
  .object({
    customer_id: requiredString(),
    feature_id: requiredString().optional(),
    /** A per-entity feature's usage goes on this entity's own balance (others on the customer's). */
    entity_id: requiredString().optional(),
    /** Counts against every feature whose event names contain it. */
    event_name: requiredString().optional(),
    /** Usage to record; negative gives usage back. */
    value: finiteNumber().default(1),
    /** The same key with the same body replays the first answer and counts once. */
    idempotency_key: requiredString().optional(),
    /** Stored on the event. */
    properties: eventPropertiesSchema.optional(),
    /** When the usage happened (epoch ms), for the event; default now. The balance changes now. */
    timestamp: epochMsSchema().optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.feature_id && !input.event_name) ctx.addIssue({ code: "custom", path: ["feature_id"], message: "feature_id or event_name is required" });
  });

/** A manual change of a customer's balance by staff, always with a reason (it is audited). */
export const adjustBalanceSchema = z
  .object({
    /** The customer's internal id. */
    customerId: z.string().trim().min(1, "is required"),
    featureId: featureIdSchema,
    /** Which grant to change when the balance has several sources (default: the plan's own, not an add-on's). */
    grantId: z.string().trim().min(1).optional(),
    /** Added to the granted amount (negative removes). */
    delta: finiteNumber().optional(),
    /** Sets the feature's total granted amount (the difference goes on the chosen grant). */
    newGranted: finiteNumber().min(0, "must not be negative").optional(),
    reason: z.string().trim().min(1, "is required").max(500, "must be at most 500 characters"),
  })
  .superRefine((input, ctx) => {
    if ((input.delta === undefined) === (input.newGranted === undefined)) {
      ctx.addIssue({ code: "custom", path: ["delta"], message: "give either delta or newGranted" });
    }
  });

// ---- balances.create / update / delete, as autumn-js 1.3.13 sends them ----

/** Autumn's reset intervals. Equinox resets daily to yearly; one_off means a balance that never resets. */
export const API_RESET_INTERVALS = ["one_off", "minute", "hour", "day", "week", "month", "quarter", "semi_annual", "year"] as const;
const apiResetInterval = z.enum(API_RESET_INTERVALS, { error: `must be one of ${API_RESET_INTERVALS.join(", ")}` });

/** A balance to target: the id given at creation (or the grant's own id). */
const balanceIdSchema = requiredString().regex(/^[a-zA-Z0-9_:.-]+$/, "may contain only letters, digits and _ : . -");

export const createBalanceSchema = z
  .object({
    customer_id: requiredString(),
    feature_id: requiredString(),
    entity_id: requiredString().optional(),
    /** Units the customer may use (default 0 with a boolean feature: the grant is the flag). */
    included_grant: finiteNumber().min(0, "must not be negative").optional(),
    unlimited: z.boolean({ error: "must be a boolean" }).optional(),
    reset: z
      .object({
        interval: apiResetInterval,
        interval_count: finiteNumber().int("must be a whole number").min(1, "must be at least 1").optional(),
      })
      .optional(),
    rollover: z.unknown().optional(),
    expires_at: epochMsSchema().optional(),
    next_reset_at: epochMsSchema().optional(),
    balance_id: balanceIdSchema.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.unlimited && input.included_grant !== undefined) ctx.addIssue({ code: "custom", path: ["included_grant"], message: "cannot be combined with unlimited" });
    if (input.reset && input.expires_at !== undefined) ctx.addIssue({ code: "custom", path: ["expires_at"], message: "cannot be combined with reset" });
    if (input.next_reset_at !== undefined && !input.reset) ctx.addIssue({ code: "custom", path: ["next_reset_at"], message: "requires reset" });
  });

export const updateBalanceSchema = z
  .object({
    customer_id: requiredString(),
    feature_id: requiredString(),
    entity_id: requiredString().optional(),
    /** Sets what remains (granted − usage) to this amount. */
    remaining: finiteNumber().min(0, "must not be negative").optional(),
    /** Adds to the granted amount (negative removes). */
    add_to_balance: finiteNumber().optional(),
    /** Sets the usage to this amount. */
    usage: finiteNumber().min(0, "must not be negative").optional(),
    /** Sets the granted amount. */
    included_grant: finiteNumber().min(0, "must not be negative").optional(),
    interval: apiResetInterval.optional(),
    balance_id: balanceIdSchema.optional(),
    next_reset_at: epochMsSchema().optional(),
    expires_at: epochMsSchema().optional(),
  })
  .superRefine((input, ctx) => {
    if (input.remaining !== undefined && input.add_to_balance !== undefined) ctx.addIssue({ code: "custom", path: ["add_to_balance"], message: "cannot be combined with remaining" });
    if (input.usage !== undefined && (input.remaining !== undefined || input.add_to_balance !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["usage"], message: "cannot be combined with remaining or add_to_balance" });
    }
    const changes = [input.remaining, input.add_to_balance, input.usage, input.included_grant, input.next_reset_at, input.expires_at];
    if (changes.every((value) => value === undefined)) {
      ctx.addIssue({ code: "custom", path: ["remaining"], message: "give remaining, add_to_balance, usage, included_grant, next_reset_at or expires_at" });
    }
  });

export const deleteBalanceSchema = z
  .object({
    customer_id: requiredString(),
    entity_id: requiredString().optional(),
    feature_id: requiredString().optional(),
    balance_id: balanceIdSchema.optional(),
    /** Carry the deleted balance's usage over to the customer's other balances of the feature. */
    recalculate_balances: z.boolean({ error: "must be a boolean" }).default(false),
    interval: apiResetInterval.optional(),
  })
  .superRefine((input, ctx) => {
    if (!input.feature_id && !input.balance_id) ctx.addIssue({ code: "custom", path: ["feature_id"], message: "feature_id or balance_id is required" });
  });

/** balances.batch_track: a JSON array of track requests (at most 1,000), validated all before any is applied. */
export const BATCH_TRACK_MAX = 1000;
export const batchTrackSchema = z
  .array(trackSchema, { error: "the body must be a JSON array of track requests" })
  .min(1, "must contain at least one track request")
  .max(BATCH_TRACK_MAX, `must contain at most ${BATCH_TRACK_MAX} track requests`);

export const customerBalancesSchema = z.object({ customerId: z.string().trim().min(1, "is required") });

export type CheckInput = z.input<typeof checkSchema>;
export type TrackInput = z.input<typeof trackSchema>;
export type AdjustBalanceInput = z.input<typeof adjustBalanceSchema>;
export type CreateBalanceInput = z.input<typeof createBalanceSchema>;
export type UpdateBalanceInput = z.input<typeof updateBalanceSchema>;
export type DeleteBalanceInput = z.input<typeof deleteBalanceSchema>;
export type BatchTrackInput = z.input<typeof batchTrackSchema>;
