// balances.batch_track: many tracks in one request. Every item is validated first, the customers
// and features they name included, so that a batch is refused whole (400 / 404) rather than half
// applied; then each is tracked as `track` does (same statement, same exactness) and the batch is
// answered 202 `{ success: true }`, as the SDK expects.
import "server-only";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { pool } from "@/lib/db";
import { DomainError, customerNotFound } from "@/lib/errors";
import { featureNotFound } from "@/lib/features/feature-view";
import { existingCustomerRefs } from "@/lib/customers/customer-queries";
import { batchTrackSchema, type BatchTrackInput } from "./schemas";
import { rollbackRequestTransaction, requestTransactionRollbacks } from "@/lib/request-transaction";
import { track } from "./track";

/** A pass that found something due is followed by one that finds nothing (or, rarely, what fell due meanwhile). */
const MAX_PASSES = 4;

export async function batchTrack(ctx: Ctx, input: BatchTrackInput, options: { now?: Date } = {}): Promise<{ success: true }> {
  authorize(ctx, "balances:write");
  const items = batchTrackSchema.parse(input);
  await assertTargetsExist(ctx, items);
  // With an Idempotency-Key every item writes on the request's one transaction. An item that
  // finds something due first (a balance reset, an entity's usage rows) rolls that transaction
  // back so another connection can apply it (execute-usage.ts), and the items before it go with
  // it. The pass still goes on to the end, so every item's due changes get applied (at the start
  // of a month that is most customers), then the batch is written again on a new transaction: two
  // passes, not one per customer with something due.
  for (let pass = 1; ; pass++) {
    let dropped = false;
    for (const [index, item] of items.entries()) {
      const rollbacks = requestTransactionRollbacks();
      await track(ctx, item, options);
      if (index > 0 && requestTransactionRollbacks() !== rollbacks) dropped = true;
    }
    if (!dropped) return { success: true };
    if (pass >= MAX_PASSES) throw new Error("balances.batch_track: the request's transaction kept being rolled back for due changes");
    await rollbackRequestTransaction();
  }
}

type Item = ReturnType<typeof batchTrackSchema.parse>[number];

async function assertTargetsExist(ctx: Ctx, items: Item[]): Promise<void> {
  const customerRefs = [...new Set(items.map((item) => item.customer_id))];
  const featureIds = [...new Set(items.flatMap((item) => (item.feature_id ? [item.feature_id] : [])))];
  const eventNames = [...new Set(items.flatMap((item) => (!item.feature_id && item.event_name ? [item.event_name] : [])))];
  const [knownCustomers, features, events] = await Promise.all([
    existingCustomerRefs(ctx.env, customerRefs),
    pool().query<{ feature_id: string; type: string }>(`select feature_id, type::text as type from features where env = $1::"Env" and feature_id = any($2::text[])`, [
      ctx.env,
      featureIds,
    ]),
    pool().query<{ event_name: string }>(
      `select distinct e.event_name from features f, unnest(f.event_names) as e(event_name) where f.env = $1::"Env" and f.type <> 'boolean' and e.event_name = any($2::text[])`,
      [ctx.env, eventNames],
    ),
  ]);
  const featureTypes = new Map(features.rows.map((row) => [row.feature_id, row.type]));
  const knownEvents = new Set(events.rows.map((row) => row.event_name));
  items.forEach((item, index) => {
    const at = ` (item ${index})`;
    if (!knownCustomers.has(item.customer_id)) throw withItem(customerNotFound(item.customer_id), at);
    if (item.feature_id) {
      const type = featureTypes.get(item.feature_id);
      if (!type) throw withItem(featureNotFound(item.feature_id), at);
      if (type === "boolean") throw new DomainError("invalid_request", `Feature ${item.feature_id} is a boolean feature: it has no usage to track (use check)${at}`);
    } else if (!knownEvents.has(item.event_name!)) {
      throw new DomainError("feature_not_found", `No feature counts the event ${item.event_name}${at}`);
    }
  });
}

const withItem = (error: DomainError, at: string) => new DomainError(error.code, `${error.message}${at}`);
