// Input schemas of events.list and events.aggregate, as autumn-js 1.3.13 sends them (wire names).
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { epochMsSchema } from "@/lib/balances/schemas";

const idString = (max = 255) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`);

/** One feature id or several (the SDK sends either). */
const featureIds = z
  .union([idString(), z.array(idString(), { error: "must be a string or an array of strings" }).min(1, "must not be empty").max(100, "must have at most 100 ids")], {
    error: "must be a string or an array of strings",
  })
  .transform((value) => [...new Set(Array.isArray(value) ? value : [value])]);

export const EVENTS_LIST_MAX = 5000;

export const listEventsSchema = z
  .object({
    /** Opaque: next_cursor of the previous page; "" for the first page. */
    start_cursor: z.string({ error: "must be a string" }).max(500, "is not a valid cursor").default(""),
    limit: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(EVENTS_LIST_MAX, `must be at most ${EVENTS_LIST_MAX}`).default(50),
    customer_id: idString().optional(),
    entity_id: idString().optional(),
    feature_id: featureIds.optional(),
    custom_range: z.object({ start: epochMsSchema().optional(), end: epochMsSchema().optional() }, { error: "must be an object" }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.entity_id && !input.customer_id) ctx.addIssue({ code: "custom", path: ["entity_id"], message: "requires customer_id" });
  });

export const AGGREGATE_RANGES = ["24h", "7d", "30d", "90d", "last_cycle", "1bc", "3bc"] as const;
export const BIN_SIZES = ["hour", "day", "week", "month"] as const;

export const aggregateEventsSchema = z
  .object({
    customer_id: idString().optional(),
    entity_id: idString().optional(),
    feature_id: featureIds,
    /** "properties.<key>" (nested: "properties.a.b"), "$customer_id" or "$entity_id" ($plan_id is refused). */
    group_by: idString().optional(),
    range: z.enum(AGGREGATE_RANGES, { error: `must be one of ${AGGREGATE_RANGES.join(", ")}` }).optional(),
    /** Default: hour for 24h, else day (the SDK always sends one: day unless told). */
    bin_size: z.enum(BIN_SIZES, { error: `must be one of ${BIN_SIZES.join(", ")}` }).optional(),
    custom_range: z.object({ start: epochMsSchema(), end: epochMsSchema() }, { error: "must be an object with start and end" }).optional(),
    filter_by: z
      .record(idString(), z.string({ error: "must be a string" }).max(1000, "must be at most 1000 characters"), { error: "must be an object of strings" })
      .refine((value) => Object.keys(value).length <= 5, "must have at most 5 filters")
      .optional(),
    max_groups: z.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(9),
    aggregate_on: z.enum(["deducted"], { error: "must be deducted" }).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.range === undefined) === (input.custom_range === undefined)) ctx.addIssue({ code: "custom", path: ["range"], message: "give either range or custom_range" });
    if (input.custom_range && input.custom_range.end <= input.custom_range.start) ctx.addIssue({ code: "custom", path: ["custom_range", "end"], message: "must be after start" });
    if (input.entity_id && !input.customer_id) ctx.addIssue({ code: "custom", path: ["entity_id"], message: "requires customer_id" });
    if (input.group_by === "$plan_id") {
      ctx.addIssue({ code: "custom", path: ["group_by"], message: "$plan_id is not supported: which plan's balance each event drew from is not recorded" });
    } else if (input.group_by && !/^(properties\.[^.]+(\.[^.]+)*|\$customer_id|\$entity_id)$/.test(input.group_by)) {
      ctx.addIssue({ code: "custom", path: ["group_by"], message: 'must be "properties.<key>", "$customer_id" or "$entity_id"' });
    }
  });

export type ListEventsInput = z.input<typeof listEventsSchema>;
export type AggregateEventsInput = z.input<typeof aggregateEventsSchema>;
