// Beside db-errors.ts: a database answer every area that inserts a named row reacts to (plans, features).
// Recognises a unique-constraint violation in the shapes the Prisma client (P2002), its pg adapter
// and pg itself (23505) give it, so a duplicate id becomes a clear 409 rather than a 500.
export function isUniqueViolation(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; cause?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: unknown } };
  if (e.code === "P2002" || e.code === "23505" || e.originalCode === "23505") return true;
  return isUniqueViolation(e.cause, depth + 1) || isUniqueViolation(e.meta?.driverAdapterError, depth + 1);
}
