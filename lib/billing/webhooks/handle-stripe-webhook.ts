// POST /api/webhooks/stripe: the signature is checked on the raw body with each configured
// environment's secret (sandbox, then live); the event's livemode must match the environment of
// the secret that signed it. Bad or missing signature → 400, and nothing is read from the body.
import "server-only";
import Stripe from "stripe";
import type { Env } from "@/lib/generated/prisma";
import { webhookSecrets } from "../stripe-client";
import { processStripeEvent } from "./process-stripe-event";
import { stripeEventHandlers } from "./stripe-event-handlers";
import type { StripeEventHandlers } from "./types";

// Signature checking needs no API key; this instance never sends a request.
const verifier = new Stripe("sk_test_signature_verification_only");

export type VerifiedEvent = { env: Env; event: Stripe.Event };

export type VerifyResult = { ok: true; value: VerifiedEvent } | { ok: false; message: string };

export function verifyStripeWebhook(rawBody: string, signature: string | null): VerifyResult {
  if (!signature) return { ok: false, message: "Missing Stripe-Signature header" };
  const secrets = webhookSecrets();
  if (secrets.length === 0) return { ok: false, message: "No webhook secret is configured (STRIPE_WEBHOOK_SECRET_SANDBOX / STRIPE_WEBHOOK_SECRET_LIVE)" };
  for (const { env, secret } of secrets) {
    let event: Stripe.Event;
    try {
      event = verifier.webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      continue;
    }
    if (event.livemode !== (env === "live")) {
      return { ok: false, message: `The event's livemode (${event.livemode}) does not match the ${env} environment whose secret signed it` };
    }
    return { ok: true, value: { env, event } };
  }
  return { ok: false, message: "Invalid Stripe signature" };
}

/** The whole webhook: app/api/webhooks/stripe/route.ts adapts it. */
export async function handleStripeWebhook(request: Request, handlers: StripeEventHandlers = stripeEventHandlers): Promise<Response> {
  const rawBody = await request.text();
  const verified = verifyStripeWebhook(rawBody, request.headers.get("stripe-signature"));
  if (!verified.ok) return Response.json({ error: verified.message }, { status: 400 });
  const { env, event } = verified.value;
  try {
    const outcome = await processStripeEvent(env, event, handlers);
    return Response.json({ received: true, outcome });
  } catch (error) {
    console.error(`[stripe webhook] ${event.id} (${event.type}, ${env}) failed; Stripe will deliver it again:`, error);
    return Response.json({ error: "Processing failed; it will be retried" }, { status: 500 });
  }
}
