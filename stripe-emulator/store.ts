import type Stripe from "stripe";

import { newId } from "./ids";
import type { Mode } from "./mode";

export interface CheckoutRecord {
  /** Stored without `line_items`: Stripe only includes them when expanded. */
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
  subscriptionData: {
    metadata: Record<string, string>;
    description: string | null;
    trialPeriodDays: number | null;
  };
  paymentIntentMetadata: Record<string, string>;
  setupIntentMetadata: Record<string, string>;
  customerCreation: "always" | "if_required" | null;
}

/**
 * One mode's entire world. Test and live never share a map, so a live key can
 * not even address a test object, exactly like two separate Stripe accounts.
 */
export interface ModeState {
  readonly mode: Mode;
  readonly livemode: boolean;
  readonly portalConfigurationId: string;
  customers: Map<string, Stripe.Customer | Stripe.DeletedCustomer>;
  products: Map<string, Stripe.Product>;
  prices: Map<string, Stripe.Price>;
  checkoutSessions: Map<string, CheckoutRecord>;
  subscriptions: Map<string, Stripe.Subscription>;
  invoices: Map<string, Stripe.Invoice>;
  paymentMethods: Map<string, Stripe.PaymentMethod>;
  setupIntents: Map<string, Stripe.SetupIntent>;
  paymentIntents: Map<string, Stripe.PaymentIntent>;
  portalSessions: Map<string, Stripe.BillingPortal.Session>;
  /** Frozen JSON snapshots: an event shows the object as it was when it happened. */
  events: Map<string, Stripe.EventBase>;
  invoiceSequence: number;
}

export function createModeState(mode: Mode): ModeState {
  return {
    mode,
    livemode: mode === "live",
    portalConfigurationId: newId("bpc"),
    customers: new Map(),
    products: new Map(),
    prices: new Map(),
    checkoutSessions: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    paymentMethods: new Map(),
    setupIntents: new Map(),
    paymentIntents: new Map(),
    portalSessions: new Map(),
    events: new Map(),
    invoiceSequence: 0,
  };
}

/** Resolves any id this emulator issues, for `expand[]`. */
export function findObject(state: ModeState, id: string): unknown {
  const [prefix] = id.split("_", 1);
  switch (prefix) {
    case "cus":
      return state.customers.get(id);
    case "prod":
      return state.products.get(id);
    case "price":
      return state.prices.get(id);
    case "cs":
      return state.checkoutSessions.get(id)?.session;
    case "sub":
      return state.subscriptions.get(id);
    case "in":
      return state.invoices.get(id);
    case "pm":
      return state.paymentMethods.get(id);
    case "seti":
      return state.setupIntents.get(id);
    case "pi":
      return state.paymentIntents.get(id);
    case "bps":
      return state.portalSessions.get(id);
    case "evt":
      return state.events.get(id);
    default:
      return undefined;
  }
}

export function liveCustomer(state: ModeState, id: string): Stripe.Customer | undefined {
  const customer = state.customers.get(id);
  return customer === undefined || customer.deleted === true ? undefined : customer;
}
