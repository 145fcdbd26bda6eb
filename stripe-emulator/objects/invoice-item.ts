import Stripe from "stripe";

import { newId } from "../ids";
import type { ModeState } from "../store";
import { nowSeconds } from "../time";

export interface InvoiceItemInput {
  customer: string;
  amount: number;
  currency: string;
  quantity: number;
  description: string | null;
  price: Stripe.Price | null;
  invoice: string | null;
  subscription: string | null;
  subscriptionItem: string | null;
  proration: boolean;
  period: { start: number; end: number };
  discountable: boolean;
  metadata: Record<string, string>;
}

/** A one-off charge or credit (prorations are invoice items too), pending until invoiced. */
export function buildInvoiceItem(state: ModeState, input: InvoiceItemInput): Stripe.InvoiceItem {
  const productId =
    input.price === null ? null : typeof input.price.product === "string" ? input.price.product : input.price.product.id;
  const unit = input.price?.unit_amount_decimal ?? Stripe.Decimal.from(String(input.quantity === 0 ? input.amount : input.amount / input.quantity));
  return {
    id: newId("ii"),
    object: "invoiceitem",
    amount: input.amount,
    currency: input.currency,
    customer: input.customer,
    customer_account: null,
    date: nowSeconds(state),
    description: input.description,
    discountable: input.discountable,
    discounts: [],
    invoice: input.invoice,
    livemode: state.livemode,
    metadata: input.metadata,
    net_amount: input.amount,
    parent:
      input.subscription === null
        ? null
        : {
            subscription_details: {
              subscription: input.subscription,
              ...(input.subscriptionItem === null ? {} : { subscription_item: input.subscriptionItem }),
            },
            type: "subscription_details",
          },
    period: input.period,
    pricing: {
      ...(input.price === null || productId === null
        ? {}
        : { price_details: { price: input.price.id, product: productId } }),
      type: "price_details",
      unit_amount_decimal: unit,
    },
    proration: input.proration,
    quantity: input.quantity,
    quantity_decimal: Stripe.Decimal.from(String(input.quantity)),
    tax_rates: [],
    test_clock: null,
  };
}
