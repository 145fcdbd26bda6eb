// Stripe webhooks: verified on the raw body, each event processed once. One file per event type
// beside this one; handlers.ts lists them.
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";
import { stripeEventHandlers } from "./handlers";

export async function POST(request: Request) {
  return handleStripeWebhook(request, stripeEventHandlers);
}
