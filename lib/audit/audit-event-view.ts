import type { ActorKind, Env } from "@/lib/generated/prisma";

/** An audit event as the dashboard receives it (JSON-safe: dates are ISO strings). */
export type AuditEventView = {
  id: string;
  env: Env | null;
  actorKind: ActorKind;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  customerId: string | null;
  target: unknown;
  before: unknown;
  after: unknown;
  requestId: string | null;
  createdAt: string;
};

export type AuditEventPage = { events: AuditEventView[]; nextCursor: string | null };
