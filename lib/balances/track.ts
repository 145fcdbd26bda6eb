import "server-only";
import { createHash } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { ApiBalance } from "@/lib/entitlements/types";
import { trackSchema, type TrackInput } from "./schemas";
import { executeUsage } from "./execute-usage";
import { emitLimitReachedOnCrossing } from "./limit-reached";

export type TrackResult = {
  customer_id: string;
  /** With entity_id: the entity the usage was tracked for. */
  entity_id?: string;
  value: number;
  balance: ApiBalance | null;
  /** With event_name: the event, and the balance of every feature it counted against. */
  event_name?: string;
  balances?: Record<string, ApiBalance | null>;
};

/**
 * Records usage as it happened, even past the grant (remaining floors at 0 in the answer; a
 * negative value gives usage back). With `event_name`, it counts against every feature whose
 * event names contain it. With `idempotency_key`, the same request replays the first answer and
 * counts once; the same key with another body is 409 idempotency_conflict.
 */
export async function track(ctx: Ctx, input: TrackInput, options: { now?: Date } = {}): Promise<TrackResult> {
  authorize(ctx, "balances:write");
  const data = trackSchema.parse(input);
  const featureIds = data.feature_id ? [data.feature_id] : await featuresTrackingEvent(ctx, data.event_name!);
  // Properties and timestamp join the hash only when given, so keys stored before they existed still match.
  const extra = data.properties !== undefined || data.timestamp !== undefined ? [data.properties ?? null, data.timestamp ?? null] : [];
  // The entity too, only when given (same reason).
  const entity = data.entity_id !== undefined ? [{ entity_id: data.entity_id }] : [];
  const requestHash = createHash("sha256")
    .update(JSON.stringify([data.customer_id, data.feature_id ?? null, data.event_name ?? null, data.value, ...extra, ...entity]))
    .digest("hex");
  const key = data.idempotency_key;

  const row = await executeUsage({
    env: ctx.env,
    customerId: data.customer_id,
    featureIds,
    eventIds: featureIds.map(() => newId("use")),
    mode: "track",
    now: options.now ?? new Date(),
    requiredBalance: 0,
    value: data.value,
    idempotency: key ? { key, recordId: newId("idm"), requestHash } : null,
    eventName: data.event_name ?? null,
    properties: data.properties ?? null,
    eventTime: data.timestamp !== undefined ? new Date(data.timestamp) : null,
    entityId: data.entity_id ?? null,
  });
  if (row.previous) return replay(key!, requestHash, row.previous);
  if (row.boolean_features.length > 0) {
    throw new DomainError("invalid_request", `Feature ${row.boolean_features[0]} is a boolean feature: it has no usage to track (use check)`);
  }
  if (row.idempotency_taken) return replay(key!, requestHash, await storedAnswer(ctx, key!));
  const result = row.response as TrackResult;
  if (row.applied) {
    const balances = data.feature_id ? [result.balance] : Object.values(result.balances ?? {});
    await emitLimitReachedOnCrossing(ctx.env, row.customer_pk, data.entity_id ?? null, data.value, balances);
  }
  return result;
}

async function featuresTrackingEvent(ctx: Ctx, eventName: string): Promise<string[]> {
  const { rows } = await pool().query<{ feature_id: string }>(
    `select feature_id from features where env = $1::"Env" and $2::text = any(event_names) and type <> 'boolean' order by feature_id`,
    [ctx.env, eventName],
  );
  if (rows.length === 0) throw new DomainError("feature_not_found", `No feature counts the event ${eventName}`);
  return rows.map((row) => row.feature_id);
}

async function storedAnswer(ctx: Ctx, key: string) {
  const { rows } = await pool().query<{ request_hash: string; response: unknown }>(
    `select request_hash, response from idempotency_records where env = $1::"Env" and scope = 'track' and key = $2`,
    [ctx.env, key],
  );
  if (!rows[0]) throw new Error(`Idempotency record ${key} vanished`);
  return rows[0];
}

function replay(key: string, requestHash: string, stored: { request_hash: string; response: unknown }): TrackResult {
  if (stored.request_hash !== requestHash) {
    throw new DomainError("idempotency_conflict", `Idempotency key ${key} was already used with a different request`);
  }
  return stored.response as TrackResult;
}
