// The wrapper every /v1 route goes through: request id, secret-key authentication (which decides
// the environment), JSON body parsing with a size limit, validation with the route's zod schema,
// and one error mapping. Handlers receive a domain context and return plain data.
import "server-only";
import type { z } from "zod";
import type { Ctx } from "@/lib/context";
import { authenticateApiKey, type ApiKeyIdentity } from "./authenticate-api-key";
import { errorResponse } from "./error-response";
import { readJsonBody } from "./read-json-body";
import { newRequestId, REQUEST_ID_HEADER } from "./request-id";

type RouteParams = Record<string, string | string[] | undefined>;

export type ApiHandlerInput<TBody> = {
  ctx: Ctx;
  key: ApiKeyIdentity;
  body: TBody;
  params: RouteParams;
  query: URLSearchParams;
  request: Request;
};

export type ApiRouteOptions<TSchema extends z.ZodType | undefined> = {
  /**
   * Validates the request. It receives the JSON body merged with the path params (path params
   * win) and, for GET/DELETE, the query string, so one schema serves RPC and REST alike.
   */
  schema?: TSchema;
  /** Success status (default 200). */
  status?: number;
};

type NextRouteContext = { params: Promise<RouteParams> };

export function apiRoute<TSchema extends z.ZodType | undefined = undefined>(
  options: ApiRouteOptions<TSchema>,
  handler: (input: ApiHandlerInput<TSchema extends z.ZodType ? z.output<TSchema> : unknown>) => Promise<unknown>,
) {
  return async function route(request: Request, routeContext?: NextRouteContext): Promise<Response> {
    const requestId = request.headers.get(REQUEST_ID_HEADER)?.slice(0, 100).replace(/[^\w.:-]/g, "") || newRequestId();
    let env: Ctx["env"] | undefined;
    try {
      const key = await authenticateApiKey(request.headers.get("authorization"));
      env = key.env;
      const ctx: Ctx = { env: key.env, actor: { kind: "api_key", keyId: key.id, label: `API key ${key.name} (${key.prefix})` }, requestId };
      const params = (await routeContext?.params) ?? {};
      const url = new URL(request.url);
      const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.method !== "DELETE";
      const raw = hasBody ? await readJsonBody(request) : {};
      const query = Object.fromEntries(url.searchParams);
      const merged = isPlainObject(raw) ? { ...(hasBody ? {} : query), ...raw, ...params } : raw;
      const body = options.schema ? await options.schema.parseAsync(merged) : merged;
      const result = await handler({ ctx, key, body: body as never, params, query: url.searchParams, request });
      return Response.json(result, { status: options.status ?? 200, headers: { [REQUEST_ID_HEADER]: requestId, "cache-control": "no-store" } });
    } catch (error) {
      return errorResponse(error, { requestId, env });
    }
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
