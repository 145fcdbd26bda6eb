// Builds the OpenAPI 3.1 document of the /v1 API from the route docs (lib/openapi/routes) and
// the very zod schemas the routes validate with (z.toJSONSchema), so the document cannot drift
// from what the server accepts and answers.
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import type { ApiRouteDoc } from "./registry";
import { apiRouteDocs } from "./routes";

type JsonSchema = Record<string, unknown>;
type Components = Record<string, JsonSchema>;

const AUTH_ERRORS: ErrorCode[] = ["no_secret_key", "invalid_secret_key"];
const BODY_ERRORS: ErrorCode[] = ["invalid_request", "payload_too_large"];
const ALWAYS_ERRORS: ErrorCode[] = ["service_unavailable", "internal_error"];

const ERROR_DESCRIPTIONS: Partial<Record<ErrorCode, string>> = {
  no_secret_key: "no Authorization header",
  invalid_secret_key: "unknown, malformed or revoked key",
  invalid_inputs: "validation failed; the message names the field",
  invalid_request: "malformed JSON, wrong content type, or another bad request",
  customer_not_found: "the customer does not exist",
  customer_already_exists: "the new id is already in use",
  pending_email_taken: "another customer without an id has this email",
  stripe_customer_already_linked: "the Stripe customer is linked to another customer of this environment",
  idempotency_conflict: "the Idempotency-Key was used with a different request (or is still in progress)",
  payload_too_large: "the body is over 1 MB",
  service_unavailable: "the database is unreachable; safe to retry",
  internal_error: "anything unexpected; quote the request id",
};

/**
 * A JSON Schema for a zod schema, with named schemas (`.meta({ id })`) moved into components and
 * referenced from there.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Components): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = generated as JsonSchema & { $defs?: Components };
  const defs = Object.entries($defs ?? {});
  const renames = new Map<string, string>(defs.map(([id]) => [id, id]));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === "object") {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) =>
          key === "$ref" && typeof item === "string" && item.startsWith("#/$defs/")
            ? [key, `#/components/schemas/${renames.get(item.slice(8)) ?? item.slice(8)}`]
            : [key, rewrite(item)],
        ),
      );
    }
    return value;
  };
  // The same named schema can look different as a request (input) and as a response (output).
  for (const [id, def] of defs) {
    const existing = components[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(rewrite(def))) renames.set(id, `${id}${io === "input" ? "Input" : "Output"}`);
  }
  for (const [id, def] of defs) components[renames.get(id)!] = rewrite(def) as JsonSchema;
  return rewrite(rest) as JsonSchema;
}

function parameters(schema: z.ZodObject | undefined, where: "path" | "query", components: Components) {
  if (!schema) return [];
  const objectSchema = jsonSchema(schema, "input", components) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(objectSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || (objectSchema.required ?? []).includes(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

export function routeErrorCodes(route: ApiRouteDoc): ErrorCode[] {
  const auth = route.auth ?? true;
  const hasBody = route.body !== undefined;
  const codes = new Set<ErrorCode>([
    ...(auth ? AUTH_ERRORS : []),
    ...(hasBody ? BODY_ERRORS : []),
    ...(route.body || route.query || route.pathParams ? (["invalid_inputs"] as ErrorCode[]) : []),
    ...(idempotent(route) ? (["idempotency_conflict", "invalid_request"] as ErrorCode[]) : []),
    ...(route.errors ?? []),
    ...ALWAYS_ERRORS,
  ]);
  return [...codes];
}

const idempotent = (route: ApiRouteDoc) => route.idempotencyKey ?? ((route.auth ?? true) && route.method !== "get");

function errorResponses(route: ApiRouteDoc) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrorCodes(route)) byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: codes.map((code) => `\`${code}\`: ${ERROR_DESCRIPTIONS[code] ?? code.replace(/_/g, " ")}`).join("; "),
          headers: { "x-request-id": { $ref: "#/components/headers/RequestId" } },
          content: {
            "application/json": {
              schema: {
                allOf: [{ $ref: "#/components/schemas/Error" }, { type: "object", properties: { code: { enum: codes } } }],
              },
            },
          },
        },
      ]),
  );
}

function operation(route: ApiRouteDoc, components: Components) {
  const auth = route.auth ?? true;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    ...(auth ? {} : { security: [] }),
    parameters: [
      ...parameters(route.pathParams, "path", components),
      ...parameters(route.query, "query", components),
      ...(idempotent(route) ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
    ],
    ...(route.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(route.body, "input", components) } } } }
      : {}),
    responses: {
      [String(route.status ?? 200)]: {
        description: route.status === 202 ? "Accepted" : "Success",
        headers: { "x-request-id": { $ref: "#/components/headers/RequestId" } },
        content: { "application/json": { schema: jsonSchema(route.response, "output", components) } },
      },
      ...errorResponses(route),
    },
  };
}

export function buildOpenApiDocument(routes: ApiRouteDoc[] = apiRouteDocs) {
  const components: Components = {
    Error: {
      type: "object",
      required: ["message", "code"],
      properties: {
        message: { type: "string", description: "What went wrong, naming the field for invalid_inputs." },
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        env: { type: "string", enum: ["sandbox", "live"] },
        request_id: { type: "string", description: "Present on internal_error: quote it to support." },
      },
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method] = operation(route, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Equinox API",
      version: "2.4.0",
      description:
        "Billing and entitlements, wire-compatible with Autumn's public API: point the autumn-js SDK (or plain HTTP) " +
        "at this server with a secret key. Errors are `{ message, code, env }`; every response carries `x-request-id`.",
    },
    servers: [{ url: "/" }],
    security: [{ secretKey: [] }],
    tags: [...new Set(routes.flatMap((route) => route.tags))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        secretKey: { type: "http", scheme: "bearer", description: "A secret key: am_sk_test_… (sandbox) or am_sk_live_… (live)." },
      },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "The same key with the same request replays the first answer (done once); with another request: 409 idempotency_conflict.",
          schema: { type: "string", maxLength: 255 },
        },
      },
      headers: { RequestId: { description: "The request's id (also in logs).", schema: { type: "string" } } },
      schemas: components,
    },
  };
}
