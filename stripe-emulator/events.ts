import Stripe from "stripe";

import { newId } from "./ids";
import { toJson } from "./json";
import type { ModeState } from "./store";
import { nowSeconds } from "./time";
import type { WebhookDispatcher } from "./webhooks";

/** Who caused an event: an API request, or null ids for hosted-page / automatic actions. */
export interface EventOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const AUTOMATIC_ORIGIN: EventOrigin = { requestId: null, idempotencyKey: null };

export type EmitFn = (
  type: Stripe.Event.Type,
  object: object,
  previous?: Record<string, unknown>,
) => Stripe.EventBase;

export class EventLog {
  constructor(private readonly webhooks: WebhookDispatcher) {}

  emitter(state: ModeState, origin: EventOrigin): EmitFn {
    return (type, object, previous) => this.emit(state, origin, type, object, previous);
  }

  emit(
    state: ModeState,
    origin: EventOrigin,
    type: Stripe.Event.Type,
    object: object,
    previous?: Record<string, unknown>,
  ): Stripe.EventBase {
    const data: Stripe.Event.Data = { object: toJson(object) };
    if (previous !== undefined && Object.keys(previous).length > 0) {
      data.previous_attributes = toJson(previous);
    }
    const event: Stripe.EventBase = {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: nowSeconds(state),
      data,
      livemode: state.livemode,
      pending_webhooks: this.webhooks.endpointCount(state.mode),
      request: { id: origin.requestId, idempotency_key: origin.idempotencyKey },
      type,
    };
    state.events.set(event.id, event);
    this.webhooks.enqueue(state.mode, event);
    return event;
  }
}
