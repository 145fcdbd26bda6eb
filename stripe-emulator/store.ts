import type Stripe from "stripe";

import { newId } from "./ids";
import type { Mode } from "./mode";
import type { Clock } from "./time";

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
  /** Coupons / promotion codes from `discounts[]`; they become real discounts on completion. */
  discounts: { coupon: Stripe.Coupon; promotionCode: Stripe.PromotionCode | null }[];
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
  /** How each invoice was paid (`GET /v1/invoice_payments`): a card payment's PaymentIntent. */
  invoicePayments: Map<string, Stripe.InvoicePayment>;
  refunds: Map<string, Stripe.Refund>;
  portalSessions: Map<string, Stripe.BillingPortal.Session>;
  coupons: Map<string, Stripe.Coupon>;
  promotionCodes: Map<string, Stripe.PromotionCode>;
  discounts: Map<string, Stripe.Discount>;
  invoiceItems: Map<string, Stripe.InvoiceItem>;
  taxRates: Map<string, Stripe.TaxRate>;
  /** Frozen JSON snapshots: an event shows the object as it was when it happened. */
  events: Map<string, Stripe.EventBase>;
  invoiceSequence: number;
  /** Shared by both modes; moved forward by `advanceClock`. */
  readonly clock: Clock;
  /** Base of hosted-page links (known only once the server listens). */
  readonly publicUrl: () => string;
  /** Bookkeeping Stripe keeps but does not expose. */
  internal: {
    /** Invoice id → days_until_due it was created with, so due_date follows updates. */
    invoiceDaysUntilDue: Map<string, number>;
    /** Subscription ids whose customer.subscription.trial_will_end was sent for the current trial end. */
    trialWillEndSent: Map<string, number>;
  };
}

export function createModeState(mode: Mode, clock: Clock, publicUrl: () => string): ModeState {
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
    invoicePayments: new Map(),
    refunds: new Map(),
    portalSessions: new Map(),
    coupons: new Map(),
    promotionCodes: new Map(),
    discounts: new Map(),
    invoiceItems: new Map(),
    taxRates: new Map(),
    events: new Map(),
    invoiceSequence: 0,
    clock,
    publicUrl,
    internal: { invoiceDaysUntilDue: new Map(), trialWillEndSent: new Map() },
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
    case "ii":
      return state.invoiceItems.get(id);
    case "promo":
      return state.promotionCodes.get(id);
    case "di":
      return state.discounts.get(id);
    case "txr":
      return state.taxRates.get(id);
    case "evt":
      return state.events.get(id);
    default:
      // Coupon ids are free-form (`25OFF`), so they are looked up last.
      return state.coupons.get(id);
  }
}

export function liveCustomer(state: ModeState, id: string): Stripe.Customer | undefined {
  const customer = state.customers.get(id);
  return customer === undefined || customer.deleted === true ? undefined : customer;
}
