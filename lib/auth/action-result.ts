// What every dashboard server action returns. Expected failures (validation, permissions,
// conflicts) come back as data, with the field they concern, so forms can show them next to the
// input; unexpected ones are logged and replaced by a generic message with a reference.
import type { ErrorCode } from "@/lib/errors";

export type ActionError = { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown> };

export type ActionResult<T = void> = { ok: true; data: T } | { ok: false; error: ActionError };
