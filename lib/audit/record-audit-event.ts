import { Prisma } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId?: string | null;
  customerId?: string | null;
  /** A snapshot of the target (name, ids...) so the entry reads well after the target is gone. */
  target?: Prisma.InputJsonValue;
  before?: Prisma.InputJsonValue | null;
  after?: Prisma.InputJsonValue | null;
  /** Null for events that belong to no environment (staff management). */
  env?: Ctx["env"] | null;
};

/** Records an audit event inside the caller's transaction, so the event exists iff the change does. */
export async function recordAuditEvent(tx: Tx, ctx: Ctx, input: AuditInput) {
  await tx.auditEvent.create({
    data: {
      id: newId("aud"),
      env: input.env === undefined ? ctx.env : input.env,
      actorKind: actorKind(ctx.actor),
      actorId: actorId(ctx.actor),
      actorLabel: actorLabel(ctx.actor),
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId ?? null,
      customerId: input.customerId ?? null,
      target: input.target ?? {},
      before: input.before ?? undefined,
      after: input.after ?? undefined,
      requestId: ctx.requestId ?? null,
    },
  });
}

/**
 * The same event as an INSERT ... SELECT over `source`, a CTE of the statement that makes the
 * change (one event per row of it, none when it has none): a hot path that writes its change and
 * its audit event in one statement.
 */
export function auditEventInsert(ctx: Ctx, input: AuditInput, source: string): Prisma.Sql {
  const from = Prisma.raw(source);
  const json = (value: Prisma.InputJsonValue | null | undefined) => (value === null || value === undefined ? null : JSON.stringify(value));
  return Prisma.sql`
    insert into audit_events (id, env, actor_kind, actor_id, actor_label, action, target_type, target_id, customer_id, target, before, after, request_id)
    select ${newId("aud")}, ${input.env === undefined ? ctx.env : input.env}::"Env", ${actorKind(ctx.actor)}::"ActorKind", ${actorId(ctx.actor)},
           ${actorLabel(ctx.actor)}, ${input.action}, ${input.targetType}, ${input.targetId ?? null}, ${input.customerId ?? null},
           ${json(input.target ?? {})}::jsonb, ${json(input.before)}::jsonb, ${json(input.after)}::jsonb, ${ctx.requestId ?? null}
      from ${from}`;
}

/** Many audit events in one statement (the bulk import records one per row it writes). */
export async function recordAuditEvents(tx: Tx, ctx: Ctx, inputs: readonly AuditInput[]) {
  if (inputs.length === 0) return;
  const json = (value: Prisma.InputJsonValue | null | undefined) => (value == null ? null : JSON.stringify(value));
  // INSERT ... SELECT FROM unnest: one round trip, and far cheaper than createMany for hundreds of rows.
  await tx.$executeRaw`
    insert into audit_events (id, env, actor_kind, actor_id, actor_label, action, target_type, target_id, customer_id, target, before, after, request_id)
    select t.id, t.env::"Env", ${actorKind(ctx.actor)}::"ActorKind", ${actorId(ctx.actor)}, ${actorLabel(ctx.actor)}, t.action, t.target_type, t.target_id,
           t.customer_id, t.target::jsonb, t.before::jsonb, t.after::jsonb, ${ctx.requestId ?? null}
    from unnest(${inputs.map(() => newId("aud"))}::text[], ${inputs.map((input) => (input.env === undefined ? ctx.env : input.env))}::text[],
                ${inputs.map((input) => input.action)}::text[], ${inputs.map((input) => input.targetType)}::text[], ${inputs.map((input) => input.targetId ?? null)}::text[],
                ${inputs.map((input) => input.customerId ?? null)}::text[], ${inputs.map((input) => json(input.target ?? {}))}::text[],
                ${inputs.map((input) => json(input.before))}::text[], ${inputs.map((input) => json(input.after))}::text[])
         as t(id, env, action, target_type, target_id, customer_id, target, before, after)`;
}
