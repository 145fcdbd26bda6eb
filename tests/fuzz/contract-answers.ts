// What every /v1 answer must look like, whatever was asked: a success, or one of the contract's
// error codes with its status, a message that leaks nothing, and never a 500 or a 503 (the
// database is up during the fuzz runs).

/** The contract's error codes (api-contract.md) and the statuses they may come with. */
export const CONTRACT_ERRORS: Record<string, readonly number[]> = {
  no_secret_key: [401],
  invalid_secret_key: [401],
  invalid_inputs: [400],
  invalid_request: [400],
  customer_not_found: [404],
  feature_not_found: [404],
  plan_not_found: [404],
  customer_already_exists: [409],
  pending_email_taken: [409],
  merge_conflict: [409],
  stripe_customer_already_linked: [409],
  idempotency_conflict: [409],
  // The catalog (issue 15): a duplicate id, a plan or feature in use, an autumn-js route not served yet.
  conflict: [409],
  plan_in_use: [409],
  feature_in_use: [409],
  not_supported: [501],
  // Balances, events and entities (issue 15): a granted balance or an entity that is not there or
  // already is, and Autumn's refusal of an entity past the customer's balance of its feature.
  balance_not_found: [404],
  balance_already_exists: [409],
  entity_not_found: [404],
  entity_already_exists: [409],
  feature_limit_reached: [400],
  payload_too_large: [413],
  rate_limited: [429],
  stripe_error: [400, 502],
  // Billing lifecycle (issue 18): an unknown or unusable discount, a cancel the customer may not do
  // alone (portal, self-serve cancel off), no such running plan to update, no such invoice.
  invalid_discount: [400],
  cancel_not_allowed: [403],
  subscription_not_found: [404],
  invoice_not_found: [404],
  // invoices.create / invoices.reissue (issue 18): an invoice template or license plan id (Equinox has none).
  not_found: [404],
};

/** Internals that must never reach a client. */
const LEAKS = /prisma|postgres|\bpg\b|select\s|insert\s|violates|constraint|node_modules|\n\s+at\s|TypeError|RangeError|ReferenceError|stack/i;

export type Answer = { status: number; contentType: string | null; text: string };

/** Returns what is wrong with the answer, or undefined when it keeps the contract. */
export function contractViolation(answer: Answer): string | undefined {
  const { status, text } = answer;
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    return `status ${status}: body is not JSON: ${text.slice(0, 120)}`;
  }
  if (status >= 200 && status < 300) {
    if (!answer.contentType?.includes("application/json")) return `status ${status}: content type ${answer.contentType}`;
    if (typeof body !== "object" || body === null) return `status ${status}: success body is not an object`;
    return undefined;
  }
  if (typeof body !== "object" || body === null) return `status ${status}: error body is not an object: ${text.slice(0, 120)}`;
  const { code, message } = body as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || !(code in CONTRACT_ERRORS)) return `status ${status}: code ${String(code)} is not a contract error code (${String(message)})`;
  if (!CONTRACT_ERRORS[code]!.includes(status)) return `code ${code} with status ${status}`;
  if (typeof message !== "string" || message.length === 0) return `code ${code}: no message`;
  if (LEAKS.test(message)) return `code ${code}: message leaks internals: ${message.slice(0, 200)}`;
  return undefined;
}
