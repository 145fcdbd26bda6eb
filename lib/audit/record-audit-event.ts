import type { Prisma } from "@/lib/generated/prisma";
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
