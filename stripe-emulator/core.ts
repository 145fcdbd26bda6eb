import type Stripe from "stripe";

import { AUTOMATIC_ORIGIN, EventLog, type EmitFn } from "./events";
import { FailureInjector } from "./failure-injection";
import { IdempotencyStore } from "./idempotency";
import { MODES, type Mode } from "./mode";
import { createModeState, type ModeState } from "./store";
import { advanceClock } from "./clock";
import { Clock } from "./time";
import { WebhookDispatcher, type WebhookRetryOptions } from "./webhooks";

/** All emulator state behind the HTTP layer: both modes plus the test controls. */
export class EmulatorCore {
  clock = new Clock();
  publicUrl = "";
  states: Record<Mode, ModeState> = this.freshStates();
  readonly injector = new FailureInjector();
  readonly idempotency = new IdempotencyStore();
  readonly webhooks: WebhookDispatcher;
  readonly events: EventLog;

  constructor(
    readonly log: (line: string) => void,
    retry: WebhookRetryOptions | undefined,
  ) {
    this.webhooks = new WebhookDispatcher({
      retry,
      log,
      onDelivered: (mode, eventId) => {
        const event = this.states[mode].events.get(eventId);
        if (event !== undefined && event.pending_webhooks > 0) event.pending_webhooks -= 1;
      },
    });
    this.events = new EventLog(this.webhooks);
  }

  /** Forgets every object, event, idempotency key and pending failure; keeps webhook endpoints. */
  reset(): void {
    this.clock = new Clock();
    this.states = this.freshStates();
    this.injector.clear();
    this.idempotency.clear();
    this.webhooks.dropPending();
  }

  private freshStates(): Record<Mode, ModeState> {
    const publicUrl = () => this.publicUrl;
    return {
      test: createModeState("test", this.clock, publicUrl),
      live: createModeState("live", this.clock, publicUrl),
    };
  }

  /**
   * Runs whatever fell due (auto-finalizing drafts, renewals, trial and due
   * dates) up to `to`, or up to now: API requests and hosted pages call this
   * first, so real time passing has the same effect as advancing the clock.
   */
  advanceClock(to?: number): number {
    return advanceClock({ states: this.states, emitter: (state) => this.automaticEmitter(state) }, to);
  }

  /** For actions without an API request behind them (hosted pages, control endpoints). */
  automaticEmitter(state: ModeState): EmitFn {
    return this.events.emitter(state, AUTOMATIC_ORIGIN);
  }

  findSubscription(id: string): { state: ModeState; subscription: Stripe.Subscription } | undefined {
    for (const mode of MODES) {
      const state = this.states[mode];
      const subscription = state.subscriptions.get(id);
      if (subscription !== undefined) return { state, subscription };
    }
    return undefined;
  }

  dump(): object {
    const describe = (state: ModeState) => ({
      customers: [...state.customers.values()],
      products: [...state.products.values()],
      prices: [...state.prices.values()],
      checkout_sessions: [...state.checkoutSessions.values()].map((record) => ({
        ...record.session,
        line_items: record.lineItems,
      })),
      subscriptions: [...state.subscriptions.values()],
      invoices: [...state.invoices.values()],
      invoice_items: [...state.invoiceItems.values()],
      coupons: [...state.coupons.values()],
      promotion_codes: [...state.promotionCodes.values()],
      discounts: [...state.discounts.values()],
      payment_methods: [...state.paymentMethods.values()],
      setup_intents: [...state.setupIntents.values()],
      payment_intents: [...state.paymentIntents.values()],
      billing_portal_sessions: [...state.portalSessions.values()],
      events: [...state.events.values()].map((event) => ({
        id: event.id,
        type: event.type,
        created: event.created,
        pending_webhooks: event.pending_webhooks,
      })),
    });
    return {
      public_url: this.publicUrl,
      clock: { now: this.clock.now(), offset_seconds: this.clock.offsetSeconds },
      modes: { test: describe(this.states.test), live: describe(this.states.live) },
      failures: this.injector.describe(),
      webhooks: {
        endpoints: { test: this.webhooks.endpointUrls("test"), live: this.webhooks.endpointUrls("live") },
        pending: this.webhooks.pendingCount,
        deliveries: this.webhooks.deliveries,
      },
    };
  }
}
