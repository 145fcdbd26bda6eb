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

const finiteNumber = () => z.number({ error: (issue) => (issue.input === undefined ? "is required" : "must be a number") }).finite("must be a finite number");

export const checkSchema = z.object({
  customer_id: requiredString(),
  feature_id: requiredString(),
  /** The balance that must remain for the answer to be `allowed`; with send_event, what is consumed. */
  required_balance: finiteNumber().min(0, "must not be negative").default(1),
  /** true: check and consume `required_balance` in one atomic step. */
  send_event: z.boolean({ error: "must be a boolean" }).default(false),
});

export const trackSchema = z
  .object({
    customer_id: requiredString(),
    feature_id: requiredString().optional(),
    /** Counts against every feature whose event names contain it. */
    event_name: requiredString().optional(),
    /** Usage to record; negative gives usage back. */
    value: finiteNumber().default(1),
    /** The same key with the same body replays the first answer and counts once. */
    idempotency_key: requiredString().optional(),
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

export const customerBalancesSchema = z.object({ customerId: z.string().trim().min(1, "is required") });

export type CheckInput = z.input<typeof checkSchema>;
export type TrackInput = z.input<typeof trackSchema>;
export type AdjustBalanceInput = z.input<typeof adjustBalanceSchema>;
