// How an area describes its /v1 routes for the OpenAPI document. Each area keeps its entries in
// lib/openapi/routes/<area>.ts and adds them to the list in lib/openapi/routes/index.ts; the
// document (and its test, which checks that every route file under app/v1 is described) is built
// from that list. Schemas are the same zod schemas the routes validate with.
import type { z } from "zod";
import type { ErrorCode } from "@/lib/errors";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export type ApiRouteDoc = {
  method: HttpMethod;
  /** OpenAPI path, path parameters in braces: `/v1/customers/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** The JSON request body (POST/PATCH/PUT). */
  body?: z.ZodType;
  /** Query parameters (an object schema; its top-level fields become parameters). */
  query?: z.ZodObject;
  /** Path parameters (an object schema). */
  pathParams?: z.ZodObject;
  /** The success response body. */
  response: z.ZodType;
  /** The success status (default 200; balances.batch_track answers 202). */
  status?: number;
  /** Errors this route can produce besides the ones every route can (auth, body, 5xx: added for you). */
  errors?: ErrorCode[];
  /** Requires a secret key (default true). */
  auth?: boolean;
  /** Honours the Idempotency-Key header (default: true for post/patch/put/delete with auth). */
  idempotencyKey?: boolean;
};

/** Helper for areas: a typed list of route docs. */
export const defineApiRoutes = (routes: ApiRouteDoc[]): ApiRouteDoc[] => routes;
