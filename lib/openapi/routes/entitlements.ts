// The entitlement routes: check and track (RPC form used by the SDK and REST form); attach is with billing (billing-lifecycle.ts).
import { z } from "zod";
import { apiBalanceSchema, apiFlagSchema } from "@/lib/customers/customer-object";
import { checkSchema, trackSchema } from "@/lib/balances/schemas";
import { defineApiRoutes, type ApiRouteDoc } from "../registry";

const checkResponse = z
  .object({
    allowed: z.boolean(),
    customer_id: z.string(),
    entity_id: z.string().optional().meta({ description: "With entity_id: the entity whose balance was checked." }),
    required_balance: z.number(),
    balance: apiBalanceSchema.nullable().meta({ description: "The metered balance (after consumption with send_event); null for boolean features or without a grant." }),
    flag: apiFlagSchema.nullable().meta({ description: "Boolean features: the customer's flag, null when it has none." }),
  })
  .meta({ id: "CheckResponse" });

const trackResponse = z
  .object({
    customer_id: z.string(),
    entity_id: z.string().optional().meta({ description: "With entity_id: the entity the usage was tracked for." }),
    value: z.number(),
    balance: apiBalanceSchema.nullable(),
    event_name: z.string().optional(),
    balances: z.record(z.string(), apiBalanceSchema.nullable()).optional().meta({ description: "With event_name: every feature it counted against." }),
  })
  .meta({ id: "TrackResponse" });

const checkDoc = {
  summary: "Check access to a feature",
  description:
    "Allowed while the remaining balance is at least required_balance (or the balance is unlimited or allows overage); " +
    "boolean features answer through flag. send_event: true checks and consumes required_balance in one atomic step.",
  tags: ["Balances"],
  body: checkSchema,
  response: checkResponse,
  errors: ["customer_not_found", "feature_not_found", "entity_not_found"],
} satisfies Partial<ApiRouteDoc>;

const trackDoc = {
  summary: "Track usage",
  description:
    "Records usage as it happened, even past the grant (remaining floors at 0); a negative value gives usage back. " +
    "event_name counts against every feature listing that event. The same idempotency_key with the same body replays " +
    "the first answer and counts once; with another body: 409 idempotency_conflict.",
  tags: ["Balances"],
  body: trackSchema,
  response: trackResponse,
  errors: ["customer_not_found", "feature_not_found", "entity_not_found", "idempotency_conflict"],
} satisfies Partial<ApiRouteDoc>;

export const entitlementRoutes = defineApiRoutes([
  { method: "post", path: "/v1/balances.check", operationId: "check", ...checkDoc },
  { method: "post", path: "/v1/check", operationId: "checkRest", ...checkDoc },
  { method: "post", path: "/v1/balances.track", operationId: "track", ...trackDoc },
  { method: "post", path: "/v1/track", operationId: "trackRest", ...trackDoc },
]);
