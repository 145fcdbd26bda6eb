// Recognises "the database is not there" among the many shapes pg, the Prisma adapter and the
// Prisma client give that error, so callers can answer 503 (retry) instead of 500.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN",
  "57P01", "57P02", "57P03", // admin shutdown, crash shutdown, cannot connect now
  "08000", "08001", "08003", "08004", "08006", // connection exceptions
  "53300", // too many connections
  "P1001", "P1002", "P1017", "P2024", // Prisma: can't reach, timed out, closed, pool timeout
]);

const UNAVAILABLE_MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Can't reach database server/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; originalCode?: unknown };
  if (typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && UNAVAILABLE_CODES.has(e.originalCode)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

// A deadlock or serialization failure means two writers met; PostgreSQL rolled one back and
// the same request succeeds when simply sent again.
const TRANSIENT_CONFLICT_CODES = new Set(["40P01", "40001"]);

export function isTransientConflict(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; message?: unknown };
  if (typeof e.code === "string" && TRANSIENT_CONFLICT_CODES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && TRANSIENT_CONFLICT_CODES.has(e.originalCode)) return true;
  if (typeof e.message === "string" && /deadlock detected|could not serialize access/i.test(e.message)) return true;
  return isTransientConflict(e.cause, depth + 1);
}

// Text PostgreSQL cannot store (the NUL character; SQLSTATE 22021, and 22P05 for characters the
// encoding lacks). The edges refuse such input first (lib/security/input-limits.ts); this
// recognises the database's refusal wherever an input slipped through, so that it is answered
// as the caller's mistake (400) rather than as a failure of ours.
const UNSTORABLE_TEXT_CODES = new Set(["22021", "22P05"]);

export function isUnstorableText(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
  if (typeof e.code === "string" && UNSTORABLE_TEXT_CODES.has(e.code)) return true;
  if (typeof e.originalCode === "string" && UNSTORABLE_TEXT_CODES.has(e.originalCode)) return true;
  return isUnstorableText(e.cause, depth + 1) || isUnstorableText(e.meta?.driverAdapterError, depth + 1);
}
