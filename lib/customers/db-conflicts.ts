// Recognises the database's answers that a customer write must react to: a unique index that
// refused a row (which one), and the transient errors after which the whole transaction is
// simply run again.

type ErrorLike = { code?: unknown; constraint?: unknown; originalCode?: unknown; meta?: unknown; cause?: unknown };

function driverCause(error: ErrorLike): { originalCode?: string; constraint?: { index?: string; fields?: string[] } } | undefined {
  const meta = error.meta as { driverAdapterError?: { cause?: unknown } } | undefined;
  return meta?.driverAdapterError?.cause as ReturnType<typeof driverCause>;
}

function pgCode(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as ErrorLike;
  const cause = driverCause(e);
  if (cause?.originalCode) return cause.originalCode;
  if (typeof e.originalCode === "string") return e.originalCode;
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  return undefined;
}

/**
 * The name of the unique index that refused a write (`customers_env_external_id_key`, ...),
 * `""` when the error is a unique violation of an unnamed index, undefined for any other error.
 */
export function uniqueViolation(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  const e = error as ErrorLike;
  const cause = driverCause(e);
  if (e.code === "P2002" || pgCode(e) === "23505") {
    if (cause?.constraint?.index) return cause.constraint.index;
    if (typeof e.constraint === "string") return e.constraint;
    const target = (e.meta as { target?: unknown } | undefined)?.target;
    if (typeof target === "string") return target;
    if (Array.isArray(target)) return target.join(",");
    return "";
  }
  return undefined;
}

/** Serialization failure or deadlock: nothing happened, run the transaction again. */
export function isTransientConflict(error: unknown): boolean {
  const code = pgCode(error);
  return code === "40001" || code === "40P01";
}

export const CUSTOMER_INDEXES = {
  externalId: "customers_env_external_id_key",
  pendingEmail: "customers_pending_email_key",
  stripeId: "customers_env_stripe_id_key",
} as const;
