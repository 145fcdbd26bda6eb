import type Stripe from "stripe";

import { clientSecret, newCheckoutSessionId, newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

export type UiMode = "hosted_page" | "embedded_page" | "elements" | "hosted" | "embedded" | "custom";

export const UI_MODES: readonly UiMode[] = [
  "hosted_page",
  "embedded_page",
  "elements",
  "hosted",
  "embedded",
  "custom",
];

export function isHostedUiMode(mode: UiMode): boolean {
  return mode === "hosted_page" || mode === "hosted";
}

export interface CheckoutSessionInput {
  mode: "payment" | "subscription" | "setup";
  uiMode: UiMode;
  customer: string | null;
  customerEmail: string | null;
  customerCreation: "always" | "if_required" | null;
  lineItems: Stripe.LineItem[];
  currency: string | null;
  successUrl: string | null;
  cancelUrl: string | null;
  returnUrl: string | null;
  clientReferenceId: string | null;
  metadata: Record<string, string>;
  expiresAt: number | null;
  allowPromotionCodes: boolean | null;
  publicUrl: string;
}

export function buildLineItem(price: Stripe.Price, quantity: number, description: string): Stripe.LineItem {
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description,
    metadata: {},
    price,
    quantity,
  };
}

export function buildCheckoutSession(
  state: ModeState,
  input: CheckoutSessionInput,
): Stripe.Checkout.Session {
  const id = newCheckoutSessionId(state.mode);
  const now = nowSeconds(state);
  const hosted = isHostedUiMode(input.uiMode);
  const setup = input.mode === "setup";
  const total = setup ? null : input.lineItems.reduce((sum, item) => sum + item.amount_total, 0);
  const subtotal = setup ? null : input.lineItems.reduce((sum, item) => sum + item.amount_subtotal, 0);
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: input.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: subtotal,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: hosted ? null : clientSecret(id),
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: input.customer,
    customer_account: null,
    customer_creation: input.mode === "subscription" ? null : input.customerCreation ?? "if_required",
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    expires_at: input.expiresAt ?? now + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: state.livemode,
    locale: null,
    managed_payments: null,
    metadata: input.metadata,
    mode: input.mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === "payment" ? null : "always",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: setup ? "no_payment_required" : "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: setup ? null : { amount_discount: (subtotal ?? 0) - (total ?? 0), amount_shipping: 0, amount_tax: 0 },
    ui_mode: input.uiMode,
    url: hosted ? `${input.publicUrl}/checkout/${id}` : null,
    wallet_options: null,
    ...(input.returnUrl === null ? {} : { return_url: input.returnUrl }),
  };
}
