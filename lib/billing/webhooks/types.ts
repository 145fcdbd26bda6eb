import type Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import type { Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";

/** What a handler gets: the verified event, its environment, and a context acting as the webhook. */
export type StripeWebhookInput<E extends Stripe.Event = Stripe.Event> = { env: Env; event: E; ctx: Ctx };

/**
 * How one event type is handled. `prepare` runs first, outside any transaction: the Stripe calls
 * the handler needs (the latest state of an object, so that events arriving out of order or twice
 * apply the current truth rather than a stale snapshot). `apply` makes the database changes, in
 * the transaction that also records the event as processed, so an event has its effects exactly
 * once. A handler that throws makes the route answer 500, and Stripe delivers the event again.
 */
export type StripeEventHandler<E extends Stripe.Event = Stripe.Event, P = unknown> = {
  prepare?(input: StripeWebhookInput<E>): Promise<P>;
  apply(tx: Tx, input: StripeWebhookInput<E>, prepared: P): Promise<void>;
};

export type StripeEventHandlers = { [T in Stripe.Event.Type]?: StripeEventHandler<Extract<Stripe.Event, { type: T }>, unknown> };

/** Defines a handler with its event type inferred (`defineStripeHandler("customer.deleted", {...})`). */
export function defineStripeHandler<T extends Stripe.Event.Type, P = undefined>(
  _type: T,
  handler: StripeEventHandler<Extract<Stripe.Event, { type: T }>, P>,
): StripeEventHandler<Extract<Stripe.Event, { type: T }>, P> {
  return handler;
}
