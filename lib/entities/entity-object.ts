// The entity object of the public API, exactly as autumn-js's `CreateEntityResponse` (and its
// get, list and update twins) reads it. An entity has no plans of its own in Equinox (plans are
// the customer's): subscriptions and purchases are empty, and `balances` / `flags` are the
// entity's own per-entity features.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { apiBalanceSchema, apiCustomerEntitySchema, apiFlagSchema, apiPurchaseSchema, apiSubscriptionSchema } from "@/lib/customers/customer-object";

export const apiEntitySchema = z
  .object({
    ...apiCustomerEntitySchema.shape,
    subscriptions: z.array(apiSubscriptionSchema).meta({ description: "Plans attached to the entity itself: always empty in Equinox (plans are the customer's)." }),
    purchases: z.array(apiPurchaseSchema),
    balances: z.record(z.string(), apiBalanceSchema).meta({ description: "The entity's own balance of each per-entity feature." }),
    flags: z.record(z.string(), apiFlagSchema),
  })
  .strict()
  .meta({ id: "Entity" });

export type ApiEntity = z.infer<typeof apiEntitySchema>;

export const apiEntityListSchema = z
  .object({
    list: z.array(apiEntitySchema),
    next_cursor: z.string().nullable().meta({ description: "Pass as start_cursor for the next page; null on the last page." }),
  })
  .strict()
  .meta({ id: "EntityList" });

export type ApiEntityList = z.infer<typeof apiEntityListSchema>;
