// Registering webhook endpoints: per environment (a sandbox endpoint never hears of a live
// customer), admins only (an endpoint receives customer data and holds a signing secret).
import "server-only";
import type { Env, WebhookEndpoint } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { actorLabel } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { createWebhookEndpointInput, updateWebhookEndpointInput, webhookEndpointRef, type CreateWebhookEndpointInput, type UpdateWebhookEndpointInput } from "./schemas";
import { generateWebhookSecret, maskWebhookSecret } from "./secret";

export type WebhookEndpointSummary = {
  id: string;
  env: WebhookEndpoint["env"];
  url: string;
  description: string | null;
  eventTypes: string[];
  enabled: boolean;
  /** The first characters of the secret; the whole one only through revealWebhookSecret. */
  secretPreview: string;
  createdAt: Date;
  createdBy: string | null;
  /** Deliveries of the last 24 hours, by outcome. */
  recent: { succeeded: number; failed: number; pending: number };
};

export const webhookEndpointNotFound = (id: string) => new DomainError("not_found", `Webhook endpoint ${id} not found`);

function summary(row: WebhookEndpoint, recent: WebhookEndpointSummary["recent"] = { succeeded: 0, failed: 0, pending: 0 }): WebhookEndpointSummary {
  return {
    id: row.id,
    env: row.env,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    enabled: row.enabled,
    secretPreview: maskWebhookSecret(row.secret),
    createdAt: row.createdAt,
    createdBy: row.createdByLabel,
    recent,
  };
}

const auditTarget = (row: WebhookEndpoint) => ({ url: row.url, description: row.description, eventTypes: row.eventTypes, enabled: row.enabled });

/** The endpoint with this id in `env` (a row of the other environment is not found). */
export async function findEndpoint(client: Tx | ReturnType<typeof db>, env: Env, id: string): Promise<WebhookEndpoint> {
  const row = await client.webhookEndpoint.findFirst({ where: { id, env } });
  if (!row) throw webhookEndpointNotFound(id);
  return row;
}

/** Creates an endpoint in ctx.env with a new secret, which is in the answer (and revealable later). */
export async function createWebhookEndpoint(ctx: Ctx, input: CreateWebhookEndpointInput): Promise<WebhookEndpointSummary & { secret: string }> {
  authorize(ctx, "webhooks:manage");
  const data = createWebhookEndpointInput.parse(input);
  const row = await db().$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        id: newId("wep"),
        env: ctx.env,
        url: data.url,
        description: data.description || null,
        secret: generateWebhookSecret(),
        eventTypes: [...new Set(data.eventTypes)],
        enabled: data.enabled,
        createdByLabel: actorLabel(ctx.actor),
      },
    });
    await recordAuditEvent(tx, ctx, { action: "webhook_endpoint.created", targetType: "webhook_endpoint", targetId: created.id, target: auditTarget(created) });
    return created;
  });
  return { ...summary(row), secret: row.secret };
}

export async function updateWebhookEndpoint(ctx: Ctx, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointSummary> {
  authorize(ctx, "webhooks:manage");
  const data = updateWebhookEndpointInput.parse(input);
  const row = await db().$transaction(async (tx) => {
    const before = await findEndpoint(tx, ctx.env, data.id);
    const after = await tx.webhookEndpoint.update({
      where: { id: before.id },
      data: { url: data.url, description: data.description || null, eventTypes: [...new Set(data.eventTypes)], enabled: data.enabled },
    });
    await recordAuditEvent(tx, ctx, {
      action: "webhook_endpoint.updated",
      targetType: "webhook_endpoint",
      targetId: after.id,
      target: { url: after.url },
      before: auditTarget(before),
      after: auditTarget(after),
    });
    return after;
  });
  return summary(row);
}

/** Deletes the endpoint and its delivery log; deliveries still being retried stop. */
export async function deleteWebhookEndpoint(ctx: Ctx, input: { id: string }): Promise<void> {
  authorize(ctx, "webhooks:manage");
  const { id } = webhookEndpointRef.parse(input);
  await db().$transaction(async (tx) => {
    const row = await findEndpoint(tx, ctx.env, id);
    await tx.webhookEndpoint.delete({ where: { id: row.id } });
    await recordAuditEvent(tx, ctx, { action: "webhook_endpoint.deleted", targetType: "webhook_endpoint", targetId: row.id, target: auditTarget(row) });
  });
}

/** The whole signing secret, for the receiver's configuration. Reading it is audited. */
export async function revealWebhookSecret(ctx: Ctx, input: { id: string }): Promise<{ secret: string }> {
  authorize(ctx, "webhooks:manage");
  const { id } = webhookEndpointRef.parse(input);
  return db().$transaction(async (tx) => {
    const row = await findEndpoint(tx, ctx.env, id);
    await recordAuditEvent(tx, ctx, { action: "webhook_endpoint.secret_revealed", targetType: "webhook_endpoint", targetId: row.id, target: { url: row.url } });
    return { secret: row.secret };
  });
}

/** A new secret: deliveries from now on are signed with it (the old one stops verifying at once). */
export async function rotateWebhookSecret(ctx: Ctx, input: { id: string }): Promise<{ secret: string }> {
  authorize(ctx, "webhooks:manage");
  const { id } = webhookEndpointRef.parse(input);
  return db().$transaction(async (tx) => {
    const row = await findEndpoint(tx, ctx.env, id);
    const updated = await tx.webhookEndpoint.update({ where: { id: row.id }, data: { secret: generateWebhookSecret() } });
    await recordAuditEvent(tx, ctx, { action: "webhook_endpoint.secret_rotated", targetType: "webhook_endpoint", targetId: row.id, target: { url: row.url } });
    return { secret: updated.secret };
  });
}

export async function listWebhookEndpoints(ctx: Ctx): Promise<WebhookEndpointSummary[]> {
  authorize(ctx, "webhooks:manage");
  const rows = await db().webhookEndpoint.findMany({ where: { env: ctx.env }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (rows.length === 0) return [];
  const since = new Date(Date.now() - 24 * 3_600_000);
  const counts = await db().webhookDelivery.groupBy({
    by: ["endpointId", "status"],
    where: { env: ctx.env, endpointId: { in: rows.map((row) => row.id) }, createdAt: { gte: since } },
    _count: { _all: true },
  });
  return rows.map((row) => {
    const recent = { succeeded: 0, failed: 0, pending: 0 };
    for (const count of counts) if (count.endpointId === row.id) recent[count.status] = count._count._all;
    return summary(row, recent);
  });
}

export async function getWebhookEndpoint(ctx: Ctx, input: { id: string }): Promise<WebhookEndpointSummary> {
  authorize(ctx, "webhooks:manage");
  const { id } = webhookEndpointRef.parse(input);
  return summary(await findEndpoint(db(), ctx.env, id));
}
