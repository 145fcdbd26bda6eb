// The billing area's own errors (what a failed Stripe call becomes: stripe-errors.ts). Codes and
// messages are part of the API; their HTTP statuses are mapped in one place (ERROR_STATUS,
// lib/errors.ts, applied by lib/api/error-response.ts).
import type { Env } from "@/lib/generated/prisma";
import { DomainError } from "@/lib/errors";

const modeName = (environment: Env) => (environment === "live" ? "live mode" : "test mode");

export const planArchivedForAttach = (planId: string) => new DomainError("invalid_request", `Plan ${planId} is archived and cannot be attached`);

export const planNeedsNoCheckout = (planId: string) => new DomainError("invalid_request", `Plan ${planId} is free: it needs no checkout`);

export const attachAfterSetupUnsupported = () =>
  new DomainError("invalid_request", "plan_id: attaching a plan after setup is not supported; save the payment method, then call billing.attach", {
    field: "plan_id",
  });

/** Stripe answered a session without the page to send the customer to. */
export const stripeSessionWithoutUrl = (session: "checkout" | "setup session") =>
  new DomainError("stripe_error", `Stripe created the ${session} without a URL; retry the same call`, { status: 502 });

export const stripeCustomerToLinkMissing = (environment: Env, stripeId: string) =>
  new DomainError("stripe_error", `stripe_id: no Stripe customer ${stripeId} exists in Stripe ${modeName(environment)}`, { status: 400, field: "stripe_id" });

export const stripeCustomerToLinkDeleted = (stripeId: string) =>
  new DomainError("stripe_error", `stripe_id: Stripe customer ${stripeId} was deleted in Stripe and cannot be linked`, { status: 400, field: "stripe_id" });
