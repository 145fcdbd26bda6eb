import type Stripe from "stripe";

import { renewSubscription, cancelSubscription, updateAndEmit } from "./billing";
import type { EmitFn } from "./events";
import { finalize, voidInvoice } from "./invoicing";
import { MODES } from "./mode";
import { subscriptionPeriod } from "./objects/subscription";
import type { ModeState } from "./store";

/*
 * Time passing, with Stripe's test-clock semantics but for the whole emulator:
 * everything that falls due between now and the target runs in time order,
 * with the clock set to the moment it falls due, so events carry the `created`
 * they would have on Stripe.
 */

/** Stripe sends customer.subscription.trial_will_end three days before a trial ends. */
export const TRIAL_WILL_END_SECONDS = 3 * 86_400;
/** An incomplete subscription whose first invoice is unpaid expires after 23 hours. */
export const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;

interface DueWork {
  at: number;
  run: () => void;
}

function latestInvoice(state: ModeState, subscription: Stripe.Subscription): Stripe.Invoice | undefined {
  const id = subscription.latest_invoice;
  if (id === null) return undefined;
  return state.invoices.get(typeof id === "string" ? id : id.id);
}

function dueWork(state: ModeState, emit: EmitFn): DueWork[] {
  const work: DueWork[] = [];
  for (const invoice of state.invoices.values()) {
    if (invoice.status === "draft" && invoice.auto_advance && invoice.automatically_finalizes_at !== null) {
      work.push({ at: invoice.automatically_finalizes_at, run: () => finalize(state, emit, invoice) });
    }
  }
  for (const subscription of state.subscriptions.values()) {
    const status = subscription.status;
    if (status === "canceled" || status === "incomplete_expired") continue;
    const { end } = subscriptionPeriod(subscription);
    if (status === "incomplete") {
      work.push({
        at: subscription.created + INCOMPLETE_EXPIRY_SECONDS,
        run: () => {
          const invoice = latestInvoice(state, subscription);
          if (invoice !== undefined && invoice.status === "open") voidInvoice(state, emit, invoice);
          updateAndEmit(emit, "customer.subscription.updated", subscription, () => {
            subscription.status = "incomplete_expired";
          });
        },
      });
      continue;
    }
    if (status === "trialing" && subscription.trial_end !== null) {
      const trialEnd = subscription.trial_end;
      if (state.internal.trialWillEndSent.get(subscription.id) !== trialEnd) {
        work.push({
          at: Math.max(subscription.created, trialEnd - TRIAL_WILL_END_SECONDS),
          run: () => {
            state.internal.trialWillEndSent.set(subscription.id, trialEnd);
            emit("customer.subscription.trial_will_end", subscription);
          },
        });
      }
    }
    if (subscription.cancel_at !== null && subscription.cancel_at < end) {
      work.push({
        at: subscription.cancel_at,
        run: () => cancelSubscription(state, emit, subscription, { reason: "cancellation_requested" }),
      });
    } else {
      work.push({ at: end, run: () => renewSubscription(state, emit, subscription, "auto") });
    }
    // A send_invoice subscription falls past due when its latest invoice passes its due date unpaid.
    const invoice = latestInvoice(state, subscription);
    if (
      status === "active" &&
      invoice !== undefined &&
      invoice.status === "open" &&
      invoice.collection_method === "send_invoice" &&
      invoice.due_date !== null
    ) {
      work.push({
        at: invoice.due_date,
        run: () =>
          updateAndEmit(emit, "customer.subscription.updated", subscription, () => {
            subscription.status = "past_due";
          }),
      });
    }
  }
  return work;
}

export interface ClockTarget {
  states: Record<(typeof MODES)[number], ModeState>;
  emitter: (state: ModeState) => EmitFn;
}

/**
 * Runs everything due up to `to` (default: now), moving the shared clock to
 * each moment in turn, then to `to`. Returns how many actions ran.
 */
export function advanceClock(target: ClockTarget, to?: number): number {
  const clock = target.states.test.clock;
  const until = Math.max(to ?? clock.now(), clock.now());
  let ran = 0;
  // A bound on work per call, so a bug can never spin forever (10 years of daily renewals fit).
  for (let step = 0; step < 50_000; step += 1) {
    let next: { work: DueWork; state: ModeState } | null = null;
    for (const mode of MODES) {
      const state = target.states[mode];
      for (const work of dueWork(state, target.emitter(state))) {
        if (work.at <= until && (next === null || work.at < next.work.at)) next = { work, state };
      }
    }
    if (next === null) break;
    // Held at the moment it is due: a renewal's draft is created then, and is due to finalize an
    // hour after it, even when a second of real time ticks while the work runs.
    clock.runAt(next.work.at, next.work.run);
    ran += 1;
  }
  clock.moveTo(until);
  return ran;
}
