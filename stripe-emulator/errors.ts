export type StripeErrorType =
  | "api_error"
  | "authentication_error"
  | "idempotency_error"
  | "invalid_request_error"
  | "card_error";

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
  };
}

/**
 * Thrown anywhere inside request handling; the server turns it into the exact
 * `{ error: { ... } }` envelope stripe-node maps onto its typed error classes.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  toBody(): StripeErrorBody {
    const error: StripeErrorBody["error"] = { type: this.type, message: this.message };
    if (this.code !== undefined) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, "-")}`;
    }
    if (this.param !== undefined) error.param = this.param;
    return { error };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, code, param);
}

export function parameterMissing(param: string, message?: string): StripeApiError {
  return new StripeApiError(
    400,
    "invalid_request_error",
    message ?? `Missing required param: ${param}.`,
    "parameter_missing",
    param,
  );
}

export function parameterUnknown(param: string): StripeApiError {
  return new StripeApiError(
    400,
    "invalid_request_error",
    `Received unknown parameter: ${param}`,
    "parameter_unknown",
    param,
  );
}

/** `what` is Stripe's human name for the resource, e.g. "customer", "checkout.session". */
export function resourceMissing(what: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(
    404,
    "invalid_request_error",
    `No such ${what}: '${id}'`,
    "resource_missing",
    param,
  );
}

export function apiError(message = "An unknown error occurred"): StripeApiError {
  return new StripeApiError(500, "api_error", message);
}

export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, "authentication_error", message);
}

export function idempotencyError(key: string): StripeApiError {
  return new StripeApiError(
    400,
    "idempotency_error",
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

export function unrecognizedUrl(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    "invalid_request_error",
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}
