// The balance routes beyond check and track: create, update, delete, batch_track (as autumn-js 1.3.13 calls them).
import { z } from "zod";
import { batchTrackSchema, createBalanceSchema, deleteBalanceSchema, updateBalanceSchema } from "@/lib/balances/schemas";
import { defineApiRoutes } from "../registry";

const success = z.object({ success: z.boolean() }).meta({ id: "SuccessResponse" });
const accepted = z.object({ success: z.literal(true) }).meta({ id: "AcceptedResponse" });

export const balanceRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/balances.create",
    operationId: "createBalance",
    summary: "Grant a balance",
    description:
      "Grants the customer a balance of a feature outside any plan (included_grant units, or unlimited), counted by check and track " +
      "with the plan's. reset makes it reset every interval (day to year; one_off: never), from next_reset_at if given; expires_at ends it. " +
      "balance_id names it for update and delete. Not supported: rollover, interval_count above 1, minute/hour/semi_annual resets, entity_id.",
    tags: ["Balances"],
    body: createBalanceSchema,
    response: success,
    errors: ["customer_not_found", "feature_not_found", "balance_already_exists"],
  },
  {
    method: "post",
    path: "/v1/balances.update",
    operationId: "updateBalance",
    summary: "Change a balance",
    description:
      "Sets what remains (remaining), the usage (usage) or the granted amount (included_grant), or adds to it (add_to_balance), " +
      "for all of the feature's balances or the one balance_id / interval names; also its next_reset_at, or the expires_at of a granted balance. " +
      "Applied under the same row locks as track: a concurrent track counts either before or after it, never lost. Audited.",
    tags: ["Balances"],
    body: updateBalanceSchema,
    response: success,
    errors: ["customer_not_found", "feature_not_found", "balance_not_found", "invalid_request"],
  },
  {
    method: "post",
    path: "/v1/balances.delete",
    operationId: "deleteBalance",
    summary: "Delete a granted balance",
    description:
      "Deletes balances granted with balances.create (by balance_id, else the feature's, optionally of one interval). A plan's balance is " +
      "refused with the reason: remove the plan instead. recalculate_balances: the deleted balance's usage stays counted on the plan's balance.",
    tags: ["Balances"],
    body: deleteBalanceSchema,
    response: success,
    errors: ["customer_not_found", "feature_not_found", "balance_not_found", "invalid_request"],
  },
  {
    method: "post",
    path: "/v1/balances.batch_track",
    operationId: "batchTrack",
    summary: "Track usage in a batch",
    description:
      "A JSON array of track requests (at most 1,000). Every item is validated first, the customers and features it names included, so a " +
      "batch is refused whole; then each is tracked as track does. Answered 202 { success: true }.",
    tags: ["Balances"],
    body: batchTrackSchema,
    response: accepted,
    status: 202,
    errors: ["customer_not_found", "feature_not_found", "invalid_request"],
  },
]);
