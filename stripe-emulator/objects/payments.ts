import type Stripe from "stripe";

import { clientSecret, newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

export interface CardInput {
  customer: string | null;
  email: string | null;
  name: string | null;
}

/** Every hosted-page payment uses the same well-known test card, Visa 4242. */
export function buildCardPaymentMethod(state: ModeState, input: CardInput): Stripe.PaymentMethod {
  const expYear = new Date().getUTCFullYear() + 3;
  return {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "always",
    billing_details: {
      address: {
        city: null,
        country: "US",
        line1: null,
        line2: null,
        postal_code: "42424",
        state: null,
      },
      email: input.email,
      name: input.name,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: "visa",
      checks: { address_line1_check: null, address_postal_code_check: "pass", cvc_check: "pass" },
      country: "US",
      display_brand: "visa",
      exp_month: 12,
      exp_year: expYear,
      fingerprint: `emu${state.mode}4242`,
      funding: "credit",
      generated_from: null,
      last4: "4242",
      networks: { available: ["visa"], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: nowSeconds(state),
    customer: input.customer,
    customer_account: null,
    livemode: state.livemode,
    metadata: {},
    type: "card",
  };
}

export interface SetupIntentInput {
  customer: string | null;
  paymentMethod: string;
  metadata: Record<string, string>;
}

export function buildSucceededSetupIntent(
  state: ModeState,
  input: SetupIntentInput,
): Stripe.SetupIntent {
  const id = newId("seti");
  return {
    id,
    object: "setup_intent",
    allowed_payment_method_types: null,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: clientSecret(id),
    created: nowSeconds(state),
    customer: input.customer,
    description: null,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: state.livemode,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    single_use_mandate: null,
    status: "succeeded",
    usage: "off_session",
  };
}

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string;
  metadata: Record<string, string>;
  description?: string | null;
}

export function buildSucceededPaymentIntent(
  state: ModeState,
  input: PaymentIntentInput,
): Stripe.PaymentIntent {
  const id = newId("pi");
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: null,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: input.amount,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: clientSecret(id),
    confirmation_method: "automatic",
    created: nowSeconds(state),
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    description: input.description ?? null,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: state.livemode,
    managed_payments: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
  };
}
