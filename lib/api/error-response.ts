// The one mapping from errors to the API's `{ message, code, env }` bodies and HTTP statuses.
// Expected errors say what went wrong; anything unexpected is logged with the request id and
// answered as `internal_error` with that id and nothing else.
import { ZodError } from "zod";
import type { Env } from "@/lib/generated/prisma";
import { DomainError, isDomainError, type ErrorCode } from "@/lib/errors";
import { isDatabaseUnavailable, isTransientConflict, isUnstorableText } from "@/lib/db-errors";
import { REQUEST_ID_HEADER } from "./request-id";
import { answerResponse, jsonAnswer, type ApiAnswer } from "./json-response";

export type ApiErrorBody = { message: string; code: ErrorCode; env?: Env; request_id?: string };

/** `email: not a valid email address` — the field path, then what is wrong with it. */
export function zodErrorMessage(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid input";
  const field = issue.path.map(String).join(".");
  // zod's own wording ("Invalid input: expected string, received number") reads better after
  // the field name without its preamble: "name: expected string, received number".
  const message = issue.message.replace(/^Invalid input: /, "");
  return field ? `${field}: ${message}` : message;
}

export function toDomainError(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (error instanceof ZodError) {
    const field = error.issues[0]?.path.map(String).join(".");
    return new DomainError("invalid_inputs", zodErrorMessage(error), { field: field || undefined });
  }
  if (isTransientConflict(error)) {
    return new DomainError("service_unavailable", "A concurrent change to the same records got in the way; retry the request");
  }
  if (isUnstorableText(error)) {
    return new DomainError("invalid_inputs", "Text cannot contain the NUL character (\\u0000)");
  }
  if (isDatabaseUnavailable(error)) {
    return new DomainError("service_unavailable", "The database is unavailable right now; retry in a few seconds");
  }
  return undefined;
}

export function errorResponse(error: unknown, context: { requestId: string; env?: Env; headers?: HeadersInit }): Response {
  return answerResponse(errorAnswer(error, context));
}

/** The answer to an error, as data (errorResponse's, which the lean /v1 path writes out itself). */
export function errorAnswer(error: unknown, context: { requestId: string; env?: Env; headers?: HeadersInit }): ApiAnswer {
  const known = toDomainError(error);
  const headers: Record<string, string> = {};
  if (context.headers) new Headers(context.headers).forEach((value, key) => (headers[key] = value));
  headers[REQUEST_ID_HEADER] = context.requestId;
  headers["cache-control"] = "no-store";
  if (known) {
    if (known.code === "service_unavailable") headers["retry-after"] = "2";
    const retryAfter = known.details?.retryAfterSeconds;
    if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
    const body: ApiErrorBody = { message: known.message, code: known.code, ...(context.env ? { env: context.env } : {}) };
    return jsonAnswer(body, known.status, headers);
  }
  console.error(`[api] ${context.requestId} internal error:`, error);
  const body: ApiErrorBody = {
    message: `Something went wrong on our side. Quote request id ${context.requestId} if you contact support.`,
    code: "internal_error",
    request_id: context.requestId,
    ...(context.env ? { env: context.env } : {}),
  };
  return jsonAnswer(body, 500, headers);
}
