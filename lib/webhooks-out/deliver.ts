// Delivering events: one delivery per endpoint (so a slow or dead endpoint never holds up
// another), each its own outbox job. An attempt signs the body as Standard Webhooks specifies
// (HMAC-SHA256 over `id.timestamp.body`, headers webhook-id, webhook-timestamp,
// webhook-signature), posts it, and records what came back on the delivery. A failure schedules
// the next attempt as a new outbox job (retry-schedule.ts), until 24 hours after the first; the
// outbox's own retries (12, over about 3 hours) only cover a failure to record the attempt, which
// sends again: delivery is at least once, and receivers dedupe on webhook-id.
import "server-only";
import { Webhook } from "standardwebhooks";
import { Prisma, type Env } from "@/lib/generated/prisma";
import { db, pool, type Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { enqueueOutboxJob } from "@/lib/outbox/enqueue-outbox-job";
import type { PublicEvent } from "@/lib/outbox/public-events";
import { postWebhook, type PostOutcome } from "./post-webhook";
import { nextAttemptAt } from "./retry-schedule";

export const DELIVER_WEBHOOK = "webhooks.deliver";
export type DeliverWebhook = { deliveryId: string };
export const deliverJobKey = (deliveryId: string) => `${DELIVER_WEBHOOK}:${deliveryId}`;

/** In the caller's transaction: the job that makes the next attempt at `at`. Returns its id. */
export function scheduleAttempt(tx: Tx, env: Env, deliveryId: string, at: Date): Promise<string> {
  const payload: DeliverWebhook = { deliveryId };
  return enqueueOutboxJob(tx, { env, kind: DELIVER_WEBHOOK, payload, dedupeKey: deliverJobKey(deliveryId), runAfter: at });
}

/** The body as sent: `{ type, timestamp, data }` (the id is the webhook-id header). */
export function deliveryBody(event: PublicEvent): Prisma.InputJsonValue {
  return { type: event.type, timestamp: event.timestamp, data: event.data } as Prisma.InputJsonValue;
}

export type SubscribedEndpoint = { id: string };

/**
 * The enabled endpoints of the environment subscribed to an event type. A subscriber that must
 * read something to build its event asks first (and passes them to fanOutEvent): with no
 * endpoint there is nothing to build, and a merge costs its job one read, not two (a claim writes
 * no job at all without an endpoint: endpointListening).
 */
export async function subscribedEndpoints(env: Env, type: string): Promise<SubscribedEndpoint[]> {
  // One prepared read: every merge, fanned-out claim and public event runs this (the ORM's query compiler cost more than the read).
  const { rows } = await pool().query<SubscribedEndpoint>({
    name: "equinox_webhooks_subscribed_endpoints",
    text: `select id from webhook_endpoints where env = $1::"Env" and enabled and $2 = any(event_types)`,
    values: [env, type],
  });
  return rows;
}

/** Whether subscribedEndpoints would find one, as SQL for the statement that writes a subscriber's job (its `wanted`). */
export function endpointListening(env: Env, type: string): Prisma.Sql {
  return Prisma.sql`exists (select 1 from webhook_endpoints where env = ${env}::"Env" and enabled and ${type} = any(event_types))`;
}

/**
 * One delivery of the event to each enabled endpoint of the environment subscribed to its type,
 * each with its job. Safe to run again for the same event: an endpoint that has its delivery
 * gets no second one.
 */
export async function fanOutEvent(env: Env, event: PublicEvent, subscribed?: SubscribedEndpoint[]): Promise<number> {
  const endpoints = subscribed ?? (await subscribedEndpoints(env, event.type));
  if (endpoints.length === 0) return 0;
  const body = JSON.stringify(deliveryBody(event));
  return db().$transaction(async (tx) => {
    let created = 0;
    for (const endpoint of endpoints) {
      const id = newId("wdl");
      const rows = await tx.$queryRaw<{ id: string }[]>`
        insert into webhook_deliveries (id, env, endpoint_id, event_id, event_type, payload, updated_at)
        values (${id}, ${env}::"Env", ${endpoint.id}, ${event.id}, ${event.type}, ${body}::jsonb, now())
        on conflict do nothing
        returning id`;
      if (rows.length === 0) continue;
      await scheduleAttempt(tx, env, id, new Date());
      created++;
    }
    return created;
  });
}

export type AttemptOptions = {
  /** The clock (tests); default the system's. */
  now?: () => Date;
  post?: typeof postWebhook;
};

/** One attempt of a pending delivery: sends it, records the outcome, schedules the next or gives up. */
export async function attemptDelivery(deliveryId: string, options: AttemptOptions = {}): Promise<void> {
  const now = options.now ?? (() => new Date());
  const post = options.post ?? postWebhook;
  const delivery = await db().webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
  // Gone (its endpoint was deleted), or settled already (this job ran before and its commit was lost).
  if (!delivery || delivery.status !== "pending") return;

  const startedAt = now();
  let outcome: PostOutcome;
  if (!delivery.endpoint.enabled) {
    outcome = { ok: false, status: null, body: null, durationMs: 0, error: "The endpoint is disabled" };
  } else {
    const body = JSON.stringify(delivery.payload);
    const signature = new Webhook(delivery.endpoint.secret).sign(delivery.eventId, startedAt, body);
    outcome = await post(delivery.endpoint.url, body, {
      "webhook-id": delivery.eventId,
      "webhook-timestamp": String(Math.floor(startedAt.getTime() / 1000)),
      "webhook-signature": signature,
    });
  }
  const endedAt = now();
  const attempts = delivery.attempts + 1;
  const firstAttemptAt = delivery.firstAttemptAt ?? startedAt;
  const next = outcome.ok || !delivery.endpoint.enabled ? null : nextAttemptAt(firstAttemptAt, attempts, startedAt, endedAt);

  await db().$transaction(async (tx) => {
    // Only the attempt it read: a concurrent run of the same delivery (a crash, a lost commit) records nothing twice.
    const { count } = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: "pending", attempts: delivery.attempts },
      data: {
        status: outcome.ok ? "succeeded" : next ? "pending" : "failed",
        attempts,
        firstAttemptAt,
        lastAttemptAt: startedAt,
        nextAttemptAt: next,
        responseStatus: outcome.status,
        responseBody: outcome.body,
        durationMs: outcome.durationMs,
        lastError: outcome.ok ? null : (outcome.error ?? `HTTP ${outcome.status}`),
      },
    });
    if (count === 1 && next) await scheduleAttempt(tx, delivery.env, delivery.id, next);
  });
}
