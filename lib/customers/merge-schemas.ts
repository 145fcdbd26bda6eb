// The customer merge's input (lib/customers/merge-customers.ts): shared by the merge dialog, the
// server action and the preview route. Pure, so the dialog can use it in the browser.
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { customerRefSchema } from "./schemas";

export const mergeCustomersInput = z.object({
  /** The customer that is merged away (its id keeps answering as the survivor). */
  customer_id: customerRefSchema,
  /** The survivor: it keeps its id, name, email and, on a conflict, its metadata. */
  into: customerRefSchema,
});
export type MergeCustomersInput = z.input<typeof mergeCustomersInput>;

/** Why a merge is refused: `details.reason` of the `merge_conflict` error, stable for clients and tests. */
export const MERGE_CONFLICT_REASONS = [
  "same_customer",
  "survivor_pending",
  "two_stripe_customers",
  "two_paid_subscriptions",
  "two_portal_users",
  "entity_id_taken",
  "balance_id_taken",
] as const;
export type MergeConflictReason = (typeof MERGE_CONFLICT_REASONS)[number];
