// Stripe webhooks: verified on the raw body, each event processed once. The events Equinox acts
// on are handled in lib/billing/webhooks/ (stripe-event-handlers.ts lists them).
import { handleStripeWebhook } from "@/lib/billing/webhooks/handle-stripe-webhook";

export async function POST(request: Request): Promise<Response> {
  return handleStripeWebhook(request);
}
