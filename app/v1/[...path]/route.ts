// Any /v1 path that no route serves: a JSON 404 in the API's error shape, so that an SDK or a
// script with a typo gets an error it can read instead of the dashboard's HTML not-found page.
// It reveals nothing, so it answers before any key check.
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";
import { DomainError } from "@/lib/errors";

function notFound(request: Request): Response {
  const path = new URL(request.url).pathname.slice(0, 200);
  return errorResponse(new DomainError("not_found", `There is no API endpoint at ${request.method} ${path}`), { requestId: newRequestId() });
}

export const GET = notFound;
export const POST = notFound;
export const PATCH = notFound;
export const PUT = notFound;
export const DELETE = notFound;
