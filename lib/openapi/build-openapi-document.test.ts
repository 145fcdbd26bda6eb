import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./build-openapi-document";
import { apiRouteDocs } from "./routes";

const V1 = path.resolve(import.meta.dirname, "../../app/v1");

/** Every (method, path) served under app/v1, read from the route files themselves. */
function servedRoutes(dir = V1): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // app/v1/[...path] answers 404 for every path no route serves: not an endpoint.
    if (entry.isDirectory()) found.push(...(entry.name === "[...path]" ? [] : servedRoutes(full)));
    else if (entry.name === "route.ts") {
      const urlPath = `/v1/${path.relative(V1, dir).split(path.sep).join("/")}`.replace(/\[(\w+)\]/g, "{$1}");
      const source = fs.readFileSync(full, "utf8");
      for (const match of source.matchAll(/export\s+(?:const|async\s+function|function)\s+(GET|POST|PATCH|PUT|DELETE)\b/g)) {
        found.push(`${match[1]!.toLowerCase()} ${urlPath}`);
      }
    }
  }
  return found.sort();
}

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument();

  it("describes every route served under /v1, and nothing that is not served", () => {
    const documented = Object.entries(document.paths)
      .flatMap(([urlPath, operations]) => Object.keys(operations).map((method) => `${method} ${urlPath}`))
      .sort();
    const served = servedRoutes();
    const undocumented = served.filter((route) => !documented.includes(route));
    const notServed = documented.filter((route) => !served.includes(route));
    expect(undocumented, "describe these routes in lib/openapi/routes/<area>.ts and list them in lib/openapi/routes/index.ts").toEqual([]);
    expect(notServed, "these documented routes have no route file under app/v1").toEqual([]);
  });

  it("has unique operation ids", () => {
    const ids = apiRouteDocs.map((route) => route.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents the request from the same zod schema the route validates with", () => {
    const operation = document.paths["/v1/customers.get_or_create"]!.post as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, { anyOf?: { pattern?: string }[] }>; required: string[] } } } };
      responses: Record<string, { content?: { "application/json": { schema: unknown } } }>;
    };
    const schema = operation.requestBody.content["application/json"].schema;
    expect(schema.required).toEqual(["customer_id"]);
    expect(schema.properties.customer_id!.anyOf![0]!.pattern).toBe("^[a-zA-Z0-9_:-]+$");
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["customer_id", "name", "email", "fingerprint", "metadata", "stripe_id", "create_in_stripe", "send_email_receipts"]),
    );
    expect(operation.responses["200"]!.content!["application/json"].schema).toEqual({ $ref: "#/components/schemas/Customer" });
    const customer = document.components.schemas.Customer as { required: string[] };
    expect(customer.required).toEqual([
      "id", "name", "email", "created_at", "fingerprint", "stripe_id", "env", "metadata", "send_email_receipts",
      "billing_controls", "subscriptions", "purchases", "licenses", "balances", "flags",
    ]);
  });

  it("lists each route's errors by status, with their codes", () => {
    const responses = (document.paths["/v1/customers.update"]!.post as { responses: Record<string, { content: { "application/json": { schema: { allOf: [unknown, { properties: { code: { enum: string[] } } }] } } } }> }).responses;
    const codes = (status: string) => responses[status]!.content["application/json"].schema.allOf[1].properties.code.enum;
    expect(codes("401")).toEqual(["no_secret_key", "invalid_secret_key"]);
    expect(codes("400").sort()).toEqual(["invalid_inputs", "invalid_request"]);
    expect(codes("404")).toEqual(["customer_not_found"]);
    expect(codes("409").sort()).toEqual(["customer_already_exists", "idempotency_conflict", "pending_email_taken", "stripe_customer_already_linked"]);
    expect(codes("413")).toEqual(["payload_too_large"]);
    expect(codes("500")).toEqual(["internal_error"]);
    expect(codes("503")).toEqual(["service_unavailable"]);
    const list = document.paths["/v1/customers"]!.get as { parameters: { name: string; in: string }[] };
    expect(list.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["query:limit", "query:offset", "query:search"]);
  });
});
