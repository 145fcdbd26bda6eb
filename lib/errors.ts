// Domain errors: each carries a stable code that the API, the forms and the logs share.
// They are mapped to HTTP statuses in exactly one place (lib/api/error-response.ts).

export const ERROR_STATUS = {
  no_secret_key: 401,
  invalid_secret_key: 401,
  unauthorized: 401,
  forbidden: 403,
  invalid_inputs: 400,
  invalid_request: 400,
  customer_not_found: 404,
  feature_not_found: 404,
  plan_not_found: 404,
  balance_not_found: 404,
  not_found: 404,
  entity_not_found: 404,
  customer_already_exists: 409,
  balance_already_exists: 409,
  pending_email_taken: 409,
  stripe_customer_already_linked: 409,
  idempotency_conflict: 409,
  conflict: 409,
  plan_in_use: 409,
  feature_in_use: 409,
  entity_already_exists: 409,
  /** Two customers cannot be merged as they are; `details.reason` says why (lib/customers/merge-customers.ts). */
  merge_conflict: 409,
  /** Autumn's code when creating an entity would exceed the customer's balance of its feature. */
  feature_limit_reached: 400,
  payload_too_large: 413,
  rate_limited: 429,
  service_unavailable: 503,
  stripe_error: 400,
  internal_error: 500,
  not_supported: 501,
  /** Billing lifecycle (issue 18): a discount Stripe does not know or that cannot apply; a cancel the customer may not do alone; no such running plan or invoice. */
  invalid_discount: 400,
  cancel_not_allowed: 403,
  subscription_not_found: 404,
  invoice_not_found: 404,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Field the error is about, for forms (`email`, `id`, ...). */
  readonly field?: string;
  /** Extra, safe-to-show details (e.g. the id of the customer that already has an email). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { status?: number; field?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "DomainError";
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.field = options.field;
    this.details = options.details;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

export const customerNotFound = (id: string) => new DomainError("customer_not_found", `Customer ${id} not found`);
export const forbidden = (message = "You do not have permission to do that") => new DomainError("forbidden", message);
export const invalidInputs = (field: string, message: string) =>
  new DomainError("invalid_inputs", `${field}: ${message}`, { field });
