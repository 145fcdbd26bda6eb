// Inputs of the billing operations (wire names, as the API and the SDK send them).
import "@/lib/forms/zod-in-browser"; // first: zod must be told before it builds a schema (see there)
import { z } from "zod";
import { customerRefSchema } from "@/lib/customers/schemas";
import { httpUrlSchema } from "@/lib/utils/http-url-schema";


export const openCustomerPortalInput = z.object({
  customer_id: customerRefSchema,
  return_url: httpUrlSchema.optional().meta({ description: "Where the portal's back link goes (default: the app's URL)." }),
  configuration_id: z.string().max(200).optional().meta({ description: "Stripe billing portal configuration (bpc_…); Stripe's default when absent." }),
});
export type OpenCustomerPortalInput = z.input<typeof openCustomerPortalInput>;

export const setupPaymentInput = z.object({
  customer_id: customerRefSchema,
  success_url: httpUrlSchema.optional().meta({ description: "Where Checkout sends the customer after saving the card (default: the app's URL)." }),
  plan_id: z
    .string()
    .optional()
    .meta({ description: "Not supported: attach the plan with billing.attach after the payment method is saved." }),
});
export type SetupPaymentInput = z.input<typeof setupPaymentInput>;

export const stripeLinkInput = z.object({
  /** The customer's internal id (`cus_…`). */
  customerId: z.string().trim().min(1, "is required"),
});
export type StripeLinkInput = z.input<typeof stripeLinkInput>;

export const linkStripeCustomerInput = stripeLinkInput.extend({
  stripeId: z
    .string()
    .trim()
    .regex(/^cus_[A-Za-z0-9]{1,250}$/, "must be a Stripe customer id (cus_…)"),
});
export type LinkStripeCustomerInput = z.input<typeof linkStripeCustomerInput>;

export type BillingUrlResult = { customer_id: string; url: string };
