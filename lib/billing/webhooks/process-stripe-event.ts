// Processes one verified Stripe event at most once: its id goes into stripe_events in the same
// transaction as its effects. A repeated delivery finds the id and does nothing; two deliveries
// at the same moment queue on the id's insert, and the second then finds it.
import "server-only";
import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import { db } from "@/lib/db";
import type { StripeEventHandler, StripeEventHandlers } from "./types";

export type ProcessOutcome = "processed" | "duplicate" | "ignored";

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

export async function processStripeEvent(env: Env, event: Stripe.Event, handlers: StripeEventHandlers): Promise<ProcessOutcome> {
  const handler = handlers[event.type] as StripeEventHandler<Stripe.Event, unknown> | undefined;
  if (!handler) return "ignored";
  if (await db().stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return "duplicate";

  const ctx: Ctx = { env, actor: { kind: "stripe_webhook", eventId: event.id }, requestId: event.id };
  const input = { env, event, ctx };
  const prepared = handler.prepare ? await handler.prepare(input) : undefined;
  return db().$transaction(async (tx) => {
    const recorded = await tx.$queryRaw<{ id: string }[]>`
      insert into stripe_events (id, env, type) values (${event.id}, ${env}::"Env", ${event.type})
      on conflict (id) do nothing returning id`;
    if (recorded.length === 0) return "duplicate";
    await handler.apply(tx, input, prepared);
    return "processed";
  }, TRANSACTION_OPTIONS);
}
