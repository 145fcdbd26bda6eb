// The usage events routes: events.list and events.aggregate (as autumn-js 1.3.13 calls them).
import { z } from "zod";
import { aggregateEventsSchema, listEventsSchema } from "@/lib/events/schemas";
import { defineApiRoutes } from "../registry";

const event = z
  .object({
    id: z.string(),
    timestamp: z.number().meta({ description: "When the usage happened (epoch ms)." }),
    feature_id: z.string(),
    customer_id: z.string(),
    value: z.number(),
    properties: z.record(z.string(), z.unknown()),
    deductions: z.null().meta({ description: "Always null: which balance each event drew from is not recorded." }),
  })
  .meta({ id: "Event" });

const listResponse = z
  .object({ list: z.array(event), next_cursor: z.string().nullable().meta({ description: "start_cursor of the next page; null on the last." }) })
  .meta({ id: "ListEventsResponse" });

const aggregateResponse = z
  .object({
    list: z.array(
      z.object({
        period: z.number().meta({ description: "Start of the bin (epoch ms, UTC)." }),
        values: z.record(z.string(), z.number()),
        grouped_values: z.record(z.string(), z.record(z.string(), z.number())).optional().meta({ description: "With group_by: per feature, per group value." }),
      }),
    ),
    total: z.record(z.string(), z.object({ count: z.number(), sum: z.number() })),
  })
  .meta({ id: "AggregateEventsResponse" });

export const eventRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/events.list",
    operationId: "listEvents",
    summary: "List usage events",
    description: "Newest first; filters: customer_id, entity_id, feature_id (one or several), custom_range { start, end } (epoch ms). Paged by next_cursor.",
    tags: ["Events"],
    body: listEventsSchema,
    response: listResponse,
    errors: ["customer_not_found", "feature_not_found"],
  },
  {
    method: "post",
    path: "/v1/events.aggregate",
    operationId: "aggregateEvents",
    summary: "Aggregate usage",
    description:
      "Usage summed per feature and bin (hour, day, week, month; UTC), every bin listed. range: 24h (the current hour last), 7d/30d/90d " +
      "(today last), 1bc/3bc/last_cycle (the customer's reset cycle); or custom_range. group_by: properties.<key>, $customer_id or $entity_id, the " +
      "max_groups largest kept and the rest summed as Other; filter_by: property values. Not supported: aggregate_on, group_by $plan_id.",
    tags: ["Events"],
    body: aggregateEventsSchema,
    response: aggregateResponse,
    errors: ["customer_not_found", "feature_not_found", "invalid_request"],
  },
]);
