// Errors as the portal logs them: one short line (the caller adds the user id). Prisma's messages
// start with a code frame of the generated client; the cause is their last line.
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const lines = error.message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const message = (lines[lines.length - 1] ?? "").slice(0, 300);
  return `${error.name}${typeof code === "string" ? ` (${code})` : ""}: ${message}`;
}
