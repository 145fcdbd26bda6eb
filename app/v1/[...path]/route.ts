// Any /v1 path that no route serves. A route autumn-js knows and Equinox does not serve yet
// answers 501 not_supported naming it, so an SDK user learns what is missing rather than meeting
// a typo's 404; any other path answers a JSON 404 in the API's error shape (not the dashboard's
// HTML not-found page). Neither reveals anything, so both answer before any key check.
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";
import { autumnRouteOf } from "@/lib/api/autumn-sdk-routes";
import { DomainError } from "@/lib/errors";

function unserved(request: Request): Response {
  const path = new URL(request.url).pathname.slice(0, 200);
  const autumnRoute = autumnRouteOf(path);
  const error = autumnRoute
    ? new DomainError("not_supported", `Equinox does not support ${path} (autumn-js's ${autumnRoute}) yet`)
    : new DomainError("not_found", `There is no API endpoint at ${request.method} ${path}`);
  return errorResponse(error, { requestId: newRequestId() });
}

export const GET = unserved;
export const POST = unserved;
export const PATCH = unserved;
export const PUT = unserved;
export const DELETE = unserved;
