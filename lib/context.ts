// Who is acting, in which environment. Every domain function takes one of these and decides
// for itself whether the actor may do what it asks.
import type { ActorKind, Env, StaffRole } from "@/lib/generated/prisma";

export type Actor =
  | { kind: "staff"; userId: string; email: string; role: StaffRole }
  | { kind: "api_key"; keyId: string; label: string }
  | { kind: "end_customer"; userId: string; email: string | null }
  | { kind: "stripe_webhook"; eventId: string }
  | { kind: "system"; label: string };

export type Ctx = { env: Env; actor: Actor; requestId?: string };

export function actorKind(actor: Actor): ActorKind {
  return actor.kind;
}

export function actorId(actor: Actor): string | null {
  switch (actor.kind) {
    case "staff":
    case "end_customer":
      return actor.userId;
    case "api_key":
      return actor.keyId;
    case "stripe_webhook":
      return actor.eventId;
    case "system":
      return null;
  }
}

/** A human-readable name for the actor, kept on records so history reads well. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "staff":
      return actor.email;
    case "end_customer":
      return actor.email ?? `user ${actor.userId}`;
    case "api_key":
      return actor.label;
    case "stripe_webhook":
      return `Stripe webhook ${actor.eventId}`;
    case "system":
      return actor.label;
  }
}

export const systemCtx = (env: Env, label = "system"): Ctx => ({ env, actor: { kind: "system", label } });
