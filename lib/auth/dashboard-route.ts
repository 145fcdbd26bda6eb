// The wrapper every dashboard JSON route (app/api/dashboard/**) goes through, as /v1 routes go
// through apiRoute: the staff session and role are checked here (the permission in the domain),
// the answer is never cached, and errors map through the one error mapping.
import "server-only";
import { errorResponse } from "@/lib/api/error-response";
import { newRequestId } from "@/lib/api/request-id";
import { requireStaff, type StaffCtx } from "./session";

type RouteParams = Record<string, string | string[] | undefined>;

export type DashboardHandlerInput = {
  ctx: StaffCtx;
  /** The request's query string. */
  query: URLSearchParams;
  /** The path's dynamic segments (e.g. `{ id }` for `customers/[id]/activity`). */
  params: RouteParams;
};

export function dashboardRoute(handler: (input: DashboardHandlerInput) => Promise<unknown>) {
  return async function route(request: Request, routeContext?: { params: Promise<RouteParams> }): Promise<Response> {
    try {
      const ctx = await requireStaff();
      const body = await handler({ ctx, query: new URL(request.url).searchParams, params: (await routeContext?.params) ?? {} });
      return Response.json(body, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return errorResponse(error, { requestId: newRequestId() });
    }
  };
}
