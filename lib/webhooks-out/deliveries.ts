// The delivery log of an endpoint, resending a delivery, and the test event: admins only, in
// ctx.env. A resend and a test event are tried at once, in the request (the answer says how it
// went); later attempts, if needed, run on the outbox's schedule like any delivery.
import "server-only";
import type { WebhookDelivery } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { PublicEvent } from "@/lib/outbox/public-events";
import { attemptDelivery, deliveryBody, scheduleAttempt } from "./deliver";
import { findEndpoint } from "./endpoints";
import { listWebhookDeliveriesInput, webhookDeliveryRef, webhookEndpointRef } from "./schemas";

/** When the fallback job of a resend or test event runs, should the request that made it have died first. */
const FALLBACK_DELAY_MS = 30_000;

export type WebhookDeliveryView = {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  status: WebhookDelivery["status"];
  attempts: number;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  responseStatus: number | null;
  responseBody: string | null;
  durationMs: number | null;
  lastError: string | null;
  resendOfId: string | null;
  createdAt: Date;
};

const view = (row: WebhookDelivery): WebhookDeliveryView => ({
  id: row.id,
  endpointId: row.endpointId,
  eventId: row.eventId,
  eventType: row.eventType,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  lastAttemptAt: row.lastAttemptAt,
  nextAttemptAt: row.nextAttemptAt,
  responseStatus: row.responseStatus,
  responseBody: row.responseBody,
  durationMs: row.durationMs,
  lastError: row.lastError,
  resendOfId: row.resendOfId,
  createdAt: row.createdAt,
});

/** Newest first; `before` continues after the previous page's last id. */
export async function listWebhookDeliveries(ctx: Ctx, input: { endpointId: string; limit?: number; before?: string }): Promise<{ deliveries: WebhookDeliveryView[]; hasMore: boolean }> {
  authorize(ctx, "webhooks:manage");
  const data = listWebhookDeliveriesInput.parse(input);
  const endpoint = await findEndpoint(db(), ctx.env, data.endpointId);
  const rows = await db().webhookDelivery.findMany({
    where: { env: ctx.env, endpointId: endpoint.id, ...(data.before ? { id: { lt: data.before } } : {}) },
    orderBy: [{ id: "desc" }],
    take: data.limit + 1,
  });
  return { deliveries: rows.slice(0, data.limit).map(view), hasMore: rows.length > data.limit };
}

async function createAndTry(ctx: Ctx, endpointId: string, make: () => { eventId: string; eventType: string; payload: WebhookDelivery["payload"]; resendOfId: string | null }, audit: { action: string; target: Record<string, string> }): Promise<WebhookDeliveryView> {
  const id = newId("wdl");
  await db().$transaction(async (tx) => {
    const fields = make();
    await tx.webhookDelivery.create({
      data: { id, env: ctx.env, endpointId, eventId: fields.eventId, eventType: fields.eventType, payload: fields.payload ?? {}, resendOfId: fields.resendOfId },
    });
    await recordAuditEvent(tx, ctx, { action: audit.action, targetType: "webhook_endpoint", targetId: endpointId, target: { ...audit.target, deliveryId: id } });
    // A fallback, should this process stop before the attempt below is recorded. The attempt
    // replaces it (a failure schedules the next one) or makes it a no-op (a success).
    await scheduleAttempt(tx, ctx.env, id, new Date(Date.now() + FALLBACK_DELAY_MS));
  });
  // Now, in this request (not left to whichever worker takes the job first), so the answer says how it went.
  await attemptDelivery(id);
  return view(await db().webhookDelivery.findUniqueOrThrow({ where: { id } }));
}

/** The same event (same webhook-id, so the receiver can tell it is one) sent again, as a new delivery with its own attempts. */
export async function resendWebhookDelivery(ctx: Ctx, input: { id: string }): Promise<WebhookDeliveryView> {
  authorize(ctx, "webhooks:manage");
  const { id } = webhookDeliveryRef.parse(input);
  const original = await db().webhookDelivery.findFirst({ where: { id, env: ctx.env } });
  if (!original) throw new DomainError("not_found", `Webhook delivery ${id} not found`);
  const endpoint = await findEndpoint(db(), ctx.env, original.endpointId);
  if (!endpoint.enabled) throw new DomainError("invalid_request", "The endpoint is disabled: enable it to resend");
  return createAndTry(
    ctx,
    endpoint.id,
    () => ({ eventId: original.eventId, eventType: original.eventType, payload: original.payload, resendOfId: original.id }),
    { action: "webhook_delivery.resent", target: { url: endpoint.url, eventId: original.eventId, eventType: original.eventType } },
  );
}

/** A `webhook.test` event to this endpoint only (whatever its event types), to check the receiver and its signature check. */
export async function sendTestWebhookEvent(ctx: Ctx, input: { id: string }): Promise<WebhookDeliveryView> {
  authorize(ctx, "webhooks:manage");
  const { id } = webhookEndpointRef.parse(input);
  const endpoint = await findEndpoint(db(), ctx.env, id);
  const event: PublicEvent = {
    id: newId("msg"),
    type: "webhook.test",
    timestamp: new Date().toISOString(),
    data: { message: "A test event from Equinox: your endpoint received it and can verify its signature.", endpoint_id: endpoint.id, env: ctx.env },
  };
  return createAndTry(ctx, endpoint.id, () => ({ eventId: event.id, eventType: event.type, payload: deliveryBody(event) as WebhookDelivery["payload"], resendOfId: null }), {
    action: "webhook_endpoint.test_sent",
    target: { url: endpoint.url },
  });
}
