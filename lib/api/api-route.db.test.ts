// The /v1 wrapper: authentication, body parsing, validation, error mapping, request ids and the
// Idempotency-Key header, exercised through small routes built with it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { createTestApiKey, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { apiRoute } from "./api-route";
import { canonicalJson, requestHash } from "./request-hash";

const echo = apiRoute({ schema: z.object({ name: z.string({ error: "must be a string" }) }) }, async ({ ctx, body }) => ({ env: ctx.env, name: body.name }));

async function readJson(response: Response) {
  return (await response.json()) as Record<string, unknown>;
}

afterEach(() => vi.restoreAllMocks());

describe("apiRoute: authentication", () => {
  it("answers no_secret_key without an Authorization header", async () => {
    const response = await echo(apiRequest("/v1/x", { body: { name: "a" } }));
    expect(response.status).toBe(401);
    expect(await readJson(response)).toEqual({ code: "no_secret_key", message: expect.stringContaining("Authorization") });
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{24}$/);
  });

  it("answers invalid_secret_key for a malformed or unknown key", async () => {
    for (const secret of ["nope", "am_sk_test_short", `am_sk_test_${"A".repeat(42)}`]) {
      const response = await echo(apiRequest("/v1/x", { secret, body: { name: "a" } }));
      expect(response.status).toBe(401);
      expect((await readJson(response)).code).toBe("invalid_secret_key");
    }
  });

  it("refuses a key on the very next request after it is revoked", async () => {
    const key = await createTestApiKey();
    expect((await echo(apiRequest("/v1/x", { secret: key.secret, body: { name: "a" } }))).status).toBe(200);
    await db().apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    const response = await echo(apiRequest("/v1/x", { secret: key.secret, body: { name: "a" } }));
    expect(response.status).toBe(401);
    expect(await readJson(response)).toEqual({ code: "invalid_secret_key", message: "This secret key has been revoked" });
  });

  it("takes the environment from the key, and refuses a key whose prefix contradicts its record", async () => {
    const live = await createTestApiKey("live");
    expect(await readJson(await echo(apiRequest("/v1/x", { secret: live.secret, body: { name: "a" } })))).toEqual({ env: "live", name: "a" });
    // The same secret body under the sandbox prefix is another (unknown) key.
    const forged = live.secret.replace("am_sk_live_", "am_sk_test_");
    expect((await echo(apiRequest("/v1/x", { secret: forged, body: { name: "a" } }))).status).toBe(401);
  });

  it("records when a key was last used, off the request's path", async () => {
    const key = await createTestApiKey();
    await echo(apiRequest("/v1/x", { secret: key.secret, body: { name: "a" } }));
    await vi.waitFor(async () => expect((await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).lastUsedAt).toBeInstanceOf(Date), { timeout: 5000 });
  });
});

describe("apiRoute: the request body", () => {
  it("answers invalid_request for malformed JSON, a non-object body and a non-JSON content type", async () => {
    const key = await createTestApiKey();
    const cases = [
      apiRequest("/v1/x", { secret: key.secret, body: '{"name": "a",' }),
      apiRequest("/v1/x", { secret: key.secret, body: "[1, 2]" }),
      apiRequest("/v1/x", { secret: key.secret, body: "name=a", headers: { "content-type": "application/x-www-form-urlencoded" } }),
    ];
    const bodies = await Promise.all(cases.map(async (request) => {
      const response = await echo(request);
      expect(response.status).toBe(400);
      return readJson(response);
    }));
    expect(bodies).toEqual([
      { code: "invalid_request", message: "The request body is not valid JSON", env: "sandbox" },
      { code: "invalid_request", message: "The request body must be a JSON object", env: "sandbox" },
      { code: "invalid_request", message: expect.stringContaining("send application/json"), env: "sandbox" },
    ]);
  });

  it("answers 413 payload_too_large over 1 MB, declared or not", async () => {
    const key = await createTestApiKey();
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) });
    const declared = await echo(apiRequest("/v1/x", { secret: key.secret, body: big, headers: { "content-length": String(big.length) } }));
    expect(declared.status).toBe(413);
    expect(await readJson(declared)).toMatchObject({ code: "payload_too_large", env: "sandbox" });
    const streamed = await echo(
      new Request("http://test/v1/x", {
        method: "POST",
        headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
        body: new Blob([big]).stream(),
        duplex: "half",
      } as RequestInit),
    );
    expect(streamed.status).toBe(413);
  });

  it("answers invalid_inputs naming the field, ignoring unknown fields", async () => {
    const key = await createTestApiKey();
    const wrong = await echo(apiRequest("/v1/x", { secret: key.secret, body: { name: 5 } }));
    expect(wrong.status).toBe(400);
    expect(await readJson(wrong)).toEqual({ code: "invalid_inputs", message: "name: must be a string", env: "sandbox" });
    const extra = await echo(apiRequest("/v1/x", { secret: key.secret, body: { name: "a", unknown: true } }));
    expect(await readJson(extra)).toEqual({ env: "sandbox", name: "a" });
  });

  it("merges path params (which win) and, for GET, the query string", async () => {
    const key = await createTestApiKey();
    const route = apiRoute({ schema: z.object({ id: z.string(), limit: z.coerce.number() }) }, async ({ body }) => body);
    const response = await route(apiRequest("/v1/x/abc?limit=5&id=ignored", { method: "GET", secret: key.secret }), { params: Promise.resolve({ id: "abc" }) });
    expect(await readJson(response)).toEqual({ id: "abc", limit: 5 });
  });
});

describe("apiRoute: validation", () => {
  it("validates synchronously, and still honours a schema with an async refinement", async () => {
    const key = await createTestApiKey();
    const asyncRoute = apiRoute(
      { schema: z.object({ code: z.string().refine(async (value) => value === "open sesame", { error: "wrong code" }) }) },
      async ({ body }) => ({ code: body.code }),
    );
    const good = await asyncRoute(apiRequest("/v1/x", { secret: key.secret, body: { code: "open sesame" } }));
    expect(good.status).toBe(200);
    expect(await readJson(good)).toEqual({ code: "open sesame" });
    const bad = await asyncRoute(apiRequest("/v1/x", { secret: key.secret, body: { code: "nope" } }));
    expect(bad.status).toBe(400);
    expect(await readJson(bad)).toMatchObject({ code: "invalid_inputs", message: "code: wrong code" });

    const wrongType = await echo(apiRequest("/v1/x", { secret: key.secret, body: { name: 1 } }));
    expect(await readJson(wrongType)).toMatchObject({ code: "invalid_inputs", message: "name: must be a string" });
  });
});

describe("apiRoute: errors", () => {
  it("hides an unexpected error behind internal_error with the request id, and logs it", async () => {
    const key = await createTestApiKey();
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const route = apiRoute({}, async () => {
      throw new Error("password=hunter2 at db.internal:5432");
    });
    const response = await route(apiRequest("/v1/x", { secret: key.secret, body: {}, headers: { "x-request-id": "req_from-client" } }));
    expect(response.status).toBe(500);
    const body = await readJson(response);
    expect(body).toEqual({ code: "internal_error", request_id: "req_from-client", env: "sandbox", message: expect.stringContaining("req_from-client") });
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(response.headers.get("x-request-id")).toBe("req_from-client");
    expect(log).toHaveBeenCalledWith(expect.stringContaining("req_from-client"), expect.any(Error));
  });

  it("answers 503 service_unavailable (retry) when the database is unreachable", async () => {
    const key = await createTestApiKey();
    const route = apiRoute({}, async () => {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    });
    const response = await route(apiRequest("/v1/x", { secret: key.secret, body: {} }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect((await readJson(response)).code).toBe("service_unavailable");
  });

  it("maps a domain error to its status and code, with the environment", async () => {
    const key = await createTestApiKey("live");
    const route = apiRoute({}, async () => {
      throw new DomainError("customer_not_found", "Customer x not found");
    });
    const response = await route(apiRequest("/v1/x", { secret: key.secret, body: {} }));
    expect(response.status).toBe(404);
    expect(await readJson(response)).toEqual({ code: "customer_not_found", message: "Customer x not found", env: "live" });
  });
});

describe("apiRoute: Idempotency-Key", () => {
  function countingRoute() {
    const calls = { n: 0 };
    const route = apiRoute({ schema: z.object({ amount: z.number() }) }, async ({ body }) => {
      calls.n++;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return { amount: body.amount, call: calls.n };
    });
    return { route, calls };
  }

  it("replays the first answer for the same key and body, and counts once", async () => {
    const key = await createTestApiKey();
    const { route, calls } = countingRoute();
    const idempotencyKey = unique("idem");
    const send = (body: unknown) => route(apiRequest("/v1/charge", { secret: key.secret, body, headers: { "idempotency-key": idempotencyKey } }));
    const first = await send({ amount: 5 });
    // Same JSON value, other key order and whitespace: the same request.
    const second = await route(apiRequest("/v1/charge", { secret: key.secret, body: '{ "amount" : 5 }', headers: { "idempotency-key": idempotencyKey } }));
    expect(await readJson(first)).toEqual({ amount: 5, call: 1 });
    expect(await readJson(second)).toEqual({ amount: 5, call: 1 });
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(calls.n).toBe(1);
  });

  it("answers 409 idempotency_conflict for the same key with another body or on another route", async () => {
    const key = await createTestApiKey();
    const { route } = countingRoute();
    const idempotencyKey = unique("idem");
    await route(apiRequest("/v1/charge", { secret: key.secret, body: { amount: 5 }, headers: { "idempotency-key": idempotencyKey } }));
    const other = await route(apiRequest("/v1/charge", { secret: key.secret, body: { amount: 6 }, headers: { "idempotency-key": idempotencyKey } }));
    expect(other.status).toBe(409);
    expect(await readJson(other)).toMatchObject({ code: "idempotency_conflict", env: "sandbox" });
    const elsewhere = await route(apiRequest("/v1/refund", { secret: key.secret, body: { amount: 5 }, headers: { "idempotency-key": idempotencyKey } }));
    expect(elsewhere.status).toBe(409);
  });

  it("does the work once for concurrent requests with one key; all get the same answer", async () => {
    const key = await createTestApiKey();
    const { route, calls } = countingRoute();
    const idempotencyKey = unique("idem");
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => route(apiRequest("/v1/charge", { secret: key.secret, body: { amount: 1 }, headers: { "idempotency-key": idempotencyKey } }))),
    );
    expect(calls.n).toBe(1);
    expect(new Set(await Promise.all(responses.map(async (r) => `${r.status} ${JSON.stringify(await r.json())}`)))).toEqual(new Set(['200 {"amount":1,"call":1}']));
  });

  it("keeps no error: after a failure the same key runs again", async () => {
    const key = await createTestApiKey();
    let fail = true;
    const route = apiRoute({}, async () => {
      if (fail) throw new DomainError("customer_not_found", "not yet");
      return { ok: true };
    });
    const idempotencyKey = unique("idem");
    expect((await route(apiRequest("/v1/x", { secret: key.secret, body: {}, headers: { "idempotency-key": idempotencyKey } }))).status).toBe(404);
    fail = false;
    expect((await route(apiRequest("/v1/x", { secret: key.secret, body: {}, headers: { "idempotency-key": idempotencyKey } }))).status).toBe(200);
  });

  it("scopes keys to the environment and refuses an oversized key", async () => {
    const [sandbox, live] = [await createTestApiKey(), await createTestApiKey("live")];
    const { route, calls } = countingRoute();
    const idempotencyKey = unique("idem");
    for (const key of [sandbox, live]) await route(apiRequest("/v1/charge", { secret: key.secret, body: { amount: 1 }, headers: { "idempotency-key": idempotencyKey } }));
    expect(calls.n).toBe(2);
    const long = await route(apiRequest("/v1/charge", { secret: sandbox.secret, body: { amount: 1 }, headers: { "idempotency-key": "k".repeat(256) } }));
    expect(long.status).toBe(400);
    expect((await readJson(long)).code).toBe("invalid_request");
  });
});

describe("request hash", () => {
  it("is the same for the same JSON value whatever the key order", () => {
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null, skip: undefined })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
    expect(requestHash({ a: 1, b: 2 })).toBe(requestHash({ b: 2, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: "1" }));
  });
});
