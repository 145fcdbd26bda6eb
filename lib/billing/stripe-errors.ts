// Turns what the Stripe SDK throws into the API's `stripe_error`: 400 when Stripe refused the
// request (it will refuse it again: the caller must change something), 502 when Stripe failed or
// could not be reached (nothing happened or it is unknown: the same call can simply be retried).
// Messages say what happened and what to do, never more.
import type { Env } from "@/lib/generated/prisma";
import { DomainError, isDomainError } from "@/lib/errors";
import { STRIPE_KEY_VARIABLE } from "./stripe-client";

type StripeErrorLike = { type?: unknown; code?: unknown; message?: unknown; statusCode?: unknown; param?: unknown };

function stripeError(error: unknown): StripeErrorLike | undefined {
  if (!error || typeof error !== "object") return undefined;
  const type = (error as StripeErrorLike).type;
  return typeof type === "string" && type.startsWith("Stripe") ? (error as StripeErrorLike) : undefined;
}

/** Stripe answered 404 resource_missing (no such customer, subscription, ...). */
export function isStripeResourceMissing(error: unknown): boolean {
  const e = stripeError(error);
  return e?.type === "StripeInvalidRequestError" && (e.code === "resource_missing" || e.statusCode === 404);
}

/** Stripe refused the request itself: sending it again unchanged will not help. */
export function isStripeRefusal(error: unknown): boolean {
  if (isDomainError(error)) return error.code === "stripe_error" && error.status === 400;
  const type = stripeError(error)?.type;
  return type === "StripeInvalidRequestError" || type === "StripeCardError" || type === "StripeIdempotencyError";
}

/**
 * The domain error for a failed Stripe call. `action` says what Equinox was doing, e.g.
 * "create the Stripe customer". Errors that are not Stripe's are returned unchanged.
 */
export function toStripeDomainError(error: unknown, environment: Env, action: string): unknown {
  if (isDomainError(error)) return error;
  const e = stripeError(error);
  if (!e) return error;
  const detail = typeof e.message === "string" && e.message ? e.message.replace(/\.$/, "") : "no details";
  switch (e.type) {
    case "StripeInvalidRequestError":
    case "StripeCardError":
      return new DomainError("stripe_error", `Stripe refused to ${action}: ${detail}`, { status: 400, cause: error });
    case "StripeIdempotencyError":
      return new DomainError("stripe_error", `Stripe refused to ${action}: an earlier attempt with different details is still recorded (${detail}). Retry later`, {
        status: 400,
        cause: error,
      });
    case "StripeAuthenticationError":
    case "StripePermissionError":
      return new DomainError("stripe_error", `Stripe rejected the API key of the ${environment} environment while trying to ${action}: check ${STRIPE_KEY_VARIABLE[environment]}`, {
        status: 502,
        cause: error,
      });
    case "StripeRateLimitError":
      return new DomainError("stripe_error", `Stripe is limiting requests; could not ${action}. Retry in a few seconds`, { status: 502, cause: error });
    case "StripeConnectionError":
      return new DomainError("stripe_error", `Could not reach Stripe to ${action} (${detail}). Equinox changed nothing; retrying the same call is safe`, { status: 502, cause: error });
    default:
      return new DomainError("stripe_error", `Stripe failed to ${action} (${detail}). Equinox changed nothing; retrying the same call is safe`, { status: 502, cause: error });
  }
}

/** Runs one Stripe call, translating its failure into stripe_error. */
export async function callStripe<T>(environment: Env, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toStripeDomainError(error, environment, action);
  }
}
