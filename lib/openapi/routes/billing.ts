// The billing routes served by the Stripe work: the customer portal and payment method setup.
import { z } from "zod";
import { openCustomerPortalInput, setupPaymentInput } from "@/lib/billing/schemas";
import { defineApiRoutes } from "../registry";

const urlResponse = (id: string, description: string) =>
  z.object({ customer_id: z.string(), url: z.string().meta({ description }) }).meta({ id });

export const billingRoutes = defineApiRoutes([
  {
    method: "post",
    path: "/v1/billing.open_customer_portal",
    operationId: "openCustomerPortal",
    summary: "Open the Stripe customer portal",
    description: "A Stripe billing portal session for the customer (its Stripe customer is created first if it has none yet).",
    tags: ["Billing"],
    body: openCustomerPortalInput,
    response: urlResponse("OpenCustomerPortalResponse", "The portal session's URL: send the customer there."),
    errors: ["customer_not_found", "stripe_error"],
  },
  {
    method: "post",
    path: "/v1/billing.setup_payment",
    operationId: "setupPayment",
    summary: "Save a payment method",
    description:
      "A Stripe Checkout session in setup mode: the customer saves a card without paying; it becomes their default payment method. " +
      "Creates the Stripe customer first if it has none yet.",
    tags: ["Billing"],
    body: setupPaymentInput,
    response: urlResponse("SetupPaymentResponse", "The Checkout session's URL: send the customer there."),
    errors: ["customer_not_found", "invalid_request", "stripe_error"],
  },
]);
