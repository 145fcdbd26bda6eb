// The wrapper every /v1 route goes through: request id, secret-key authentication (which decides
// the environment), JSON body parsing with a size limit, validation with the route's zod schema,
// the Idempotency-Key header, and one error mapping. Handlers receive a domain context and return
// plain data.
import "server-only";
// The areas that react to each other are connected before any handler runs (also when the
// handlers are called in process, without instrumentation.ts: the benchmarks).
import "@/lib/composition/wire-areas";
import { core as zodCore, type z } from "zod";
import type { Ctx } from "@/lib/context";
import { DomainError } from "@/lib/errors";
import { authenticateApiKey, type ApiKeyIdentity } from "./authenticate-api-key";
import { errorAnswer } from "./error-response";
import { readJsonBody, readRequestBody, type JsonBodySource } from "./read-json-body";
import { answerResponse, jsonAnswer, type ApiAnswer } from "./json-response";
import { newRequestId, REQUEST_ID_HEADER } from "./request-id";
import { IDEMPOTENCY_KEY_HEADER, runIdempotent, validateIdempotencyKey } from "./idempotency-key";
import { requestHash } from "./request-hash";
import { enforceApiRateLimit } from "@/lib/rate-limit/api-rate-limit";
import { apiClientAddress } from "@/lib/rate-limit/client-address";
import { assertInputShape } from "@/lib/security/input-limits";

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
  /**
   * Honour the Idempotency-Key header (default: true for POST, PATCH and DELETE). Turn it off for
   * a route that handles idempotency itself.
   */
  idempotency?: boolean;
  /** The body is a JSON array (balances.batch_track): it reaches the schema as it is, no params merged. */
  arrayBody?: boolean;
};

type NextRouteContext = { params: Promise<RouteParams> };

/**
 * A /v1 request as the wrapper reads it: from a web Request (Next.js's route handlers) or straight
 * from node:http (the lean path, lib/api/v1-dispatcher.ts, which then builds no Request at all).
 */
export type ApiCall = JsonBodySource & {
  method: string;
  /** The request's URL, absolute or as its path and query ("/v1/customers?limit=5"). */
  url: string;
  params: RouteParams;
  /** The client's address, for the limit on attempts with invalid keys (lib/rate-limit/client-address.ts). */
  clientAddress(): string | null;
  /** The web Request, made only if a handler asks for it. */
  request(): Request;
};

/** The wrapper itself, answering plain data: the lean /v1 path calls it through this property of a route handler. */
const API_CALL = Symbol.for("equinox.apiCall");
export type ApiCallHandler = (call: ApiCall) => Promise<ApiAnswer>;
type ApiRouteHandler = ((request: Request, routeContext?: NextRouteContext) => Promise<Response>) & { [API_CALL]: ApiCallHandler };

/** The wrapper of an apiRoute handler, or undefined for any other route handler. */
export function apiCallHandler(handler: object): ApiCallHandler | undefined {
  return (handler as Partial<ApiRouteHandler>)[API_CALL];
}

const MUTATING_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);
const REPLAYED_HEADER = "idempotent-replayed";
const LOCAL_ORIGIN = "http://localhost";

export function apiRoute<TSchema extends z.ZodType | undefined = undefined>(
  options: ApiRouteOptions<TSchema>,
  handler: (input: ApiHandlerInput<TSchema extends z.ZodType ? z.output<TSchema> : unknown>) => Promise<unknown>,
): ApiRouteHandler {
  async function serve(call: ApiCall): Promise<ApiAnswer> {
    const requestId = call.header(REQUEST_ID_HEADER)?.slice(0, 100).replace(/[^\w.:-]/g, "") || newRequestId();
    let env: Ctx["env"] | undefined;
    try {
      // The client address counts attempts with invalid keys (429 past API_INVALID_KEY_LIMIT_PER_MINUTE).
      const key = await authenticateApiKey(call.header("authorization"), call.clientAddress());
      env = key.env;
      // Per-key quota (429 rate_limited + Retry-After), decided from memory: no database round trip.
      enforceApiRateLimit(key.id);
      const ctx: Ctx = { env: key.env, actor: { kind: "api_key", keyId: key.id, label: `API key ${key.name} (${key.prefix})` }, requestId };
      const params = call.params;
      // The URL is parsed only when something reads it: the query string (GET, DELETE, or a
      // handler's `query`) or the path (the Idempotency-Key's request hash).
      let parsedUrl: URL | undefined;
      const url = () => (parsedUrl ??= new URL(call.url, LOCAL_ORIGIN));
      const hasBody = call.method !== "GET" && call.method !== "HEAD" && call.method !== "DELETE";
      const raw = hasBody ? await readJsonBody(call) : {};
      const arrayBody = options.arrayBody === true;
      if (arrayBody ? !Array.isArray(raw) : !isPlainObject(raw)) throw new DomainError("invalid_request", `The request body must be a JSON ${arrayBody ? "array" : "object"}`);
      const query = hasBody ? {} : Object.fromEntries(url().searchParams);
      const merged = Array.isArray(raw) ? raw : { ...query, ...(raw as Record<string, unknown>), ...params };
      // Nesting depth and NUL characters, before anything recursive or the database sees them.
      assertInputShape(merged);
      const body = options.schema ? await parseInput(options.schema, merged) : merged;
      // `query` and `request` are made when a handler reads them (none of today's does).
      let request: Request | undefined;
      const input: ApiHandlerInput<unknown> = {
        ctx,
        key,
        body,
        params,
        get query() {
          return url().searchParams;
        },
        get request() {
          return (request ??= call.request());
        },
      };
      const run = async () => ({ status: options.status ?? 200, body: await handler(input as never) });

      const idempotencyKey = (options.idempotency ?? true) && MUTATING_METHODS.has(call.method) ? call.header(IDEMPOTENCY_KEY_HEADER) : null;
      if (idempotencyKey === null) {
        const answer = await run();
        return json(answer.body, answer.status, requestId);
      }
      const answer = await runIdempotent(
        {
          env: key.env,
          key: validateIdempotencyKey(idempotencyKey),
          // The key names one operation: the same key on another route or with another body conflicts.
          requestHash: requestHash({ method: call.method, path: url().pathname, query, body: raw }),
        },
        run,
      );
      return json(answer.body, answer.status, requestId, answer.replayed ? { [REPLAYED_HEADER]: "true" } : {});
    } catch (error) {
      return errorAnswer(error, { requestId, env });
    }
  }

  // Next.js's route handler: the same wrapper over the web Request.
  const route = async function route(request: Request, routeContext?: NextRouteContext): Promise<Response> {
    const params = (await routeContext?.params) ?? {};
    const answer = await serve({
      method: request.method,
      url: request.url,
      params,
      header: (name) => request.headers.get(name),
      body: () => readRequestBody(request),
      clientAddress: () => apiClientAddress(request),
      request: () => request,
    });
    return answerResponse(answer);
  } as ApiRouteHandler;
  route[API_CALL] = serve;
  return route;
}

function json(body: unknown, status: number, requestId: string, headers: Record<string, string> = {}): ApiAnswer {
  return jsonAnswer(body ?? null, status, { ...headers, [REQUEST_ID_HEADER]: requestId, "cache-control": "no-store" });
}

/**
 * Validates synchronously: the /v1 schemas have no async refinements, and zod's async parse
 * costs a promise per field. A schema that gains one still works, through the async parse.
 */
async function parseInput(schema: z.ZodType, input: unknown): Promise<unknown> {
  try {
    return schema.parse(input);
  } catch (error) {
    if (error instanceof zodCore.$ZodAsyncError) return schema.parseAsync(input);
    throw error;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
