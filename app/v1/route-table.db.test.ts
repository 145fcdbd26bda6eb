// The lean /v1 path (lib/api/v1-dispatcher.ts over app/v1/route-table.ts), on a real node:http
// server as scripts/serve.mjs runs it: it serves the same route modules Next.js routes to, with the
// same answers and headers, and leaves to Next.js (here a stand-in answering 418) what it does not
// decide itself.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchV1Route } from "@/lib/api/v1-dispatcher";
import { createTestApiKey, unique } from "@/tests/factories";
import { dispatchV1, V1_ROUTES } from "./route-table";

let server: http.Server;
let origin: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (!dispatchV1(req, res)) res.writeHead(418).end("next");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the /v1 route table", () => {
  it("lists every route folder under app/v1, and nothing else", () => {
    const root = path.resolve(import.meta.dirname);
    const folders: string[] = [];
    const walk = (relative: string) => {
      for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const folder = relative ? `${relative}/${entry.name}` : entry.name;
        if (fs.existsSync(path.join(root, folder, "route.ts")) && !folder.includes("[...")) folders.push(folder);
        walk(folder);
      }
    };
    walk("");
    // A folder missing from app/v1/route-table.ts is served through Next.js only: add it there.
    expect(Object.keys(V1_ROUTES).sort(), "app/v1/route-table.ts lists the route folders").toEqual(folders.sort());
  });

  it("matches paths as Next.js's app router does", () => {
    expect(matchV1Route(V1_ROUTES, "/v1/balances.check")?.module).toBe(V1_ROUTES["balances.check"]);
    expect(matchV1Route(V1_ROUTES, "/v1/customers")?.module).toBe(V1_ROUTES.customers);
    expect(matchV1Route(V1_ROUTES, "/v1/customers/user%201")).toEqual({ module: V1_ROUTES["customers/[id]"], params: { id: "user 1" } });
    // Left to Next.js: unknown paths (its catch-all answers them), a trailing slash (redirect),
    // empty or dot segments, an encoded route name.
    for (const pathname of ["/v1/check/extra", "/v1/nope", "/v1/customers/a/b", "/v1/check/", "/v1//check", "/v1/./check", "/v1/balances%2Echeck", "/v1", "/api/health"]) {
      expect(matchV1Route(V1_ROUTES, pathname), pathname).toBeUndefined();
    }
  });
});

describe("the lean /v1 path", () => {
  it("answers a route as the route module does, with the API's headers", async () => {
    const key = await createTestApiKey();
    const id = unique("lean");
    const response = await fetch(`${origin}/v1/customers.get_or_create`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json", "x-request-id": "req_lean_1" },
      body: JSON.stringify({ customer_id: id, name: "Lean" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("req_lean_1");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBeTruthy();
    expect(await response.json()).toMatchObject({ id, name: "Lean" });

    // REST with a path parameter.
    const byId = await fetch(`${origin}/v1/customers/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key.secret}` } });
    expect(byId.status).toBe(200);
    expect(await byId.json()).toMatchObject({ id });
  });

  it("answers the API's errors: no key, a body over the limit", async () => {
    const noKey = await fetch(`${origin}/v1/balances.check`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ code: "no_secret_key" });

    const key = await createTestApiKey();
    const big = await fetch(`${origin}/v1/balances.check`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(1024 * 1024 + 10) }),
    });
    expect(big.status).toBe(413);
    // Refused after authentication, as on Next.js's path: the answer names the key's environment.
    expect(await big.json()).toMatchObject({ code: "payload_too_large", env: "sandbox" });

    // Far over the limit (declared, or streamed without a length): the client, still sending when
    // the answer is ready, gets the 413 rather than a connection reset under it (EPIPE).
    const far = JSON.stringify({ pad: "\u0000".repeat(4 * 1024 * 1024) });
    const declared = await fetch(`${origin}/v1/customers.delete`, { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" }, body: far });
    expect(declared.status).toBe(413);
    const streamed = await fetch(`${origin}/v1/customers.delete`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
      body: new Blob([far]).stream(),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);

    // The body the dispatcher read goes through the adapter's checks as a streamed one does.
    for (const [contentType, body, message] of [["text/plain", "{}", "Unsupported content type"], ["application/json", "{nope", "not valid JSON"]] as const) {
      const refused = await fetch(`${origin}/v1/balances.check`, { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": contentType }, body });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ code: "invalid_request", message: expect.stringContaining(message) });
    }
  });

  it("answers as the route's Next.js handler does: bodies, statuses, headers, the query string, idempotency", async () => {
    // The lean path calls the wrapper with node:http's request (no web Request): the same answers.
    const key = await createTestApiKey();
    const id = unique("parity");
    const auth = { authorization: `Bearer ${key.secret}` };
    const json = { ...auth, "content-type": "application/json" };
    const cases: { path: string; method: string; headers: Record<string, string>; body?: string }[] = [
      { path: "/v1/customers.get_or_create", method: "POST", headers: json, body: JSON.stringify({ customer_id: id, name: "Parity" }) },
      { path: "/v1/customers.get_or_create", method: "POST", headers: json, body: JSON.stringify({ customer_id: 42 }) },
      { path: "/v1/balances.check", method: "POST", headers: json, body: "{nope" },
      { path: "/v1/balances.check", method: "POST", headers: { ...auth, "content-type": "text/plain" }, body: "{}" },
      { path: "/v1/balances.check", method: "POST", headers: { authorization: "Bearer nope" }, body: "{}" },
      { path: "/v1/customers?limit=1", method: "GET", headers: auth },
      { path: `/v1/customers/${id}`, method: "GET", headers: auth },
    ];
    const routeOf = (path: string) => {
      const pathname = path.split("?")[0]!;
      const match = matchV1Route(V1_ROUTES, pathname)!;
      return { handler: match.module[path.includes("?") || path.startsWith("/v1/customers/") ? "GET" : "POST"]!, params: match.params };
    };
    for (const c of cases) {
      const lean = await fetch(`${origin}${c.path}`, { method: c.method, headers: { ...c.headers, "x-request-id": "req_parity" }, body: c.body });
      const { handler, params } = routeOf(c.path);
      const viaNext = await handler(new Request(`http://localhost${c.path}`, { method: c.method, headers: { ...c.headers, "x-request-id": "req_parity" }, body: c.body }), { params: Promise.resolve(params) });
      const label = `${c.method} ${c.path} ${c.body ?? ""}`;
      expect(lean.status, label).toBe(viaNext.status);
      const [leanBody, nextBody] = [await lean.json(), await viaNext.json()];
      // A list answers what exists at the time: compare its shape, not its ids.
      if (c.path.includes("?")) expect(Object.keys(leanBody as object), label).toEqual(Object.keys(nextBody as object));
      else expect(leanBody, label).toEqual(nextBody);
      for (const name of ["content-type", "x-request-id", "cache-control", "retry-after"]) expect(lean.headers.get(name), `${label}: ${name}`).toBe(viaNext.headers.get(name));
    }

    // An Idempotency-Key sent on the lean path: the first answer is replayed, another body conflicts.
    const idempotent = { ...json, "idempotency-key": unique("idem") };
    const body = JSON.stringify({ customer_id: unique("idem_cus"), name: "Once" });
    const first = await fetch(`${origin}/v1/customers.get_or_create`, { method: "POST", headers: idempotent, body });
    const again = await fetch(`${origin}/v1/customers.get_or_create`, { method: "POST", headers: idempotent, body });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    const other = await fetch(`${origin}/v1/customers.get_or_create`, { method: "POST", headers: idempotent, body: JSON.stringify({ customer_id: unique("idem_other") }) });
    expect(other.status).toBe(409);
  });

  it("reads a repeated header as a web Request does: the values joined", async () => {
    // Two Authorization headers make one value no key matches, on either path.
    const key = await createTestApiKey();
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${origin}/v1/balances.check`, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      });
      request.on("error", reject);
      request.setHeader("authorization", [`Bearer ${key.secret}`, `Bearer ${key.secret}`]);
      request.end(JSON.stringify({ customer_id: "x", feature_id: "y" }));
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: "invalid_secret_key" });
  });

  it("leaves to Next.js an unknown path, a method the route does not have, HEAD and OPTIONS", async () => {
    for (const [method, pathname] of [["POST", "/v1/customers.get_or_craete"], ["GET", "/v1/balances.check"], ["HEAD", "/v1/openapi.json"], ["OPTIONS", "/v1/balances.check"]] as const) {
      const response = await fetch(`${origin}${pathname}`, { method });
      expect(response.status, `${method} ${pathname}`).toBe(418);
    }
  });
});
