import "server-only";
import type { Ctx } from "@/lib/context";
import type { AuditEvent, Prisma } from "@/lib/generated/prisma";
import { authorize } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import { invalidInputs } from "@/lib/errors";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { listAuditEventsInput, type ListAuditEventsInput } from "./schemas";
import type { AuditEventPage, AuditEventView } from "./audit-event-view";

const MAX_MATCHED_CUSTOMERS = 200;

/**
 * The audit log of ctx.env (and the events that belong to no environment, like staff changes),
 * newest first, by keyset pagination: `nextCursor` names the last event returned, so pages stay
 * stable while new events arrive.
 */
export async function listAuditEvents(ctx: Ctx, input: ListAuditEventsInput = {}): Promise<AuditEventPage> {
  authorize(ctx, "audit:read");
  const filters = listAuditEventsInput.parse(input);
  const and: Prisma.AuditEventWhereInput[] = [{ OR: [{ env: ctx.env }, { env: null }] }];

  if (filters.actorKind) and.push({ actorKind: filters.actorKind });
  if (filters.actor) and.push({ OR: [{ actorLabel: { contains: filters.actor, mode: "insensitive" } }, { actorId: filters.actor }] });
  if (filters.action) and.push({ action: { startsWith: filters.action.toLowerCase() } });
  if (filters.customer) {
    const customerIds = await matchCustomerIds(ctx, filters.customer);
    if (customerIds.length === 0) return { events: [], nextCursor: null };
    and.push({ customerId: { in: customerIds } });
  }
  if (filters.cursor) {
    const { createdAt, id } = decodeCursor(filters.cursor);
    and.push({ OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] });
  }

  const rows = await db().auditEvent.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filters.limit + 1,
  });
  const page = rows.slice(0, filters.limit);
  const last = page[page.length - 1];
  return {
    events: page.map(toView),
    nextCursor: rows.length > filters.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

/** A customer given as an internal id is taken as is (its events outlive it); otherwise looked up. */
async function matchCustomerIds(ctx: Ctx, query: string): Promise<string[]> {
  const ids = new Set<string>();
  if (query.startsWith("cus_")) ids.add(query);
  const email = normalizeEmail(query);
  const customers = await db().customer.findMany({
    where: {
      env: ctx.env,
      OR: [{ id: query }, { externalId: query }, ...(email ? [{ emailNormalized: { contains: email } }] : [])],
    },
    select: { id: true },
    take: MAX_MATCHED_CUSTOMERS,
  });
  for (const customer of customers) ids.add(customer.id);
  return [...ids];
}

function toView(row: AuditEvent): AuditEventView {
  return {
    id: row.id,
    env: row.env,
    actorKind: row.actorKind,
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    customerId: row.customerId,
    target: row.target,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [iso, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const createdAt = new Date(String(iso));
    if (typeof id !== "string" || Number.isNaN(createdAt.getTime())) throw new Error("bad cursor");
    return { createdAt, id };
  } catch {
    throw invalidInputs("cursor", "is not a cursor this log returned");
  }
}
