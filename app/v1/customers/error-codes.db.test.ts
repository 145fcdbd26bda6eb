// Every error code the customers routes can produce, provoked with raw requests, each answered
// with its status and a `{ message, code, env }` body and the request id header.
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, pool } from "@/lib/db";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest, routeParams } from "@/tests/factories/customers";
import { createStripeTestCustomer } from "@/tests/factories/billing";
import { POST as getOrCreate } from "../customers.get_or_create/route";
import { POST as update } from "../customers.update/route";
import { POST as get } from "../customers.get/route";
import { POST as createRest } from "./route";
import { GET as getRest } from "./[id]/route";

afterEach(() => vi.restoreAllMocks());

async function expectError(response: Response, code: ErrorCode, env?: "sandbox" | "live") {
  expect(response.status).toBe(ERROR_STATUS[code]);
  expect(response.headers.get("x-request-id")).toMatch(/^req_/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ code, message: expect.any(String) });
  expect(body.env).toBe(env);
  return body;
}

// [billing] a linked Stripe customer must exist in Stripe (the test file's emulator).
const stripeId = async () => (await createStripeTestCustomer()).id;

describe("customers routes: error codes", () => {
  it("no_secret_key (401)", async () => {
    await expectError(await getOrCreate(apiRequest("/v1/customers.get_or_create", { body: { customer_id: "u1" } })), "no_secret_key");
  });

  it("invalid_secret_key (401): unknown, revoked, or from another environment's forged prefix", async () => {
    await expectError(await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: `am_sk_live_${"x".repeat(42)}`, body: { customer_id: "u1" } })), "invalid_secret_key");
    const key = await createTestApiKey();
    await db().apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    const revoked = await expectError(await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: "u1" } })), "invalid_secret_key");
    expect(revoked.message).toBe("This secret key has been revoked");
  });

  it("a key of the other environment sees none of this environment's customers", async () => {
    const customer = await createTestCustomer({ env: "sandbox" });
    const live = await createTestApiKey("live");
    const body = await expectError(await get(apiRequest("/v1/customers.get", { secret: live.secret, body: { customer_id: customer.externalId } })), "customer_not_found", "live");
    expect(body.message).toBe(`Customer ${customer.externalId} not found`);
    // And get-or-create with that key makes a separate live customer.
    const created = await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: live.secret, body: { customer_id: customer.externalId } }));
    expect(await created.json()).toMatchObject({ id: customer.externalId, env: "live", name: null });
  });

  it("invalid_inputs (400)", async () => {
    const key = await createTestApiKey();
    const body = await expectError(await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: "me@example.com" } })), "invalid_inputs", "sandbox");
    expect(body.message).toBe("customer_id: cannot contain '@' — use your user's id, not their email");
  });

  it("invalid_request (400): a malformed JSON body", async () => {
    const key = await createTestApiKey();
    const body = await expectError(await createRest(apiRequest("/v1/customers", { secret: key.secret, body: '{"customer_id": "user_1", ' })), "invalid_request", "sandbox");
    expect(body.message).toBe("The request body is not valid JSON");
  });

  it("payload_too_large (413): a 2 MB body", async () => {
    const key = await createTestApiKey();
    const big = JSON.stringify({ customer_id: unique("big"), metadata: { blob: "x".repeat(2 * 1024 * 1024) } });
    await expectError(await createRest(apiRequest("/v1/customers", { secret: key.secret, body: big })), "payload_too_large", "sandbox");
  });

  it("customer_not_found (404)", async () => {
    const key = await createTestApiKey();
    const id = unique("ghost");
    await expectError(await getRest(apiRequest(`/v1/customers/${id}`, { method: "GET", secret: key.secret }), routeParams({ id })), "customer_not_found", "sandbox");
  });

  it("customer_already_exists, pending_email_taken, stripe_customer_already_linked (409)", async () => {
    const key = await createTestApiKey();
    const [a, b] = [await createTestCustomer(), await createTestCustomer()];
    await expectError(await update(apiRequest("/v1/customers.update", { secret: key.secret, body: { customer_id: a.externalId, new_customer_id: b.externalId } })), "customer_already_exists", "sandbox");

    const email = `${unique("p")}@acme.test`;
    await createTestCustomer({ externalId: null, email });
    const pending = await createTestCustomer({ externalId: null, email: `${unique("q")}@acme.test` });
    await expectError(await update(apiRequest("/v1/customers.update", { secret: key.secret, body: { customer_id: pending.id, email } })), "pending_email_taken", "sandbox");

    const sid = await stripeId();
    await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: unique("s1"), stripe_id: sid } }));
    await expectError(
      await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: unique("s2"), stripe_id: sid } })),
      "stripe_customer_already_linked",
      "sandbox",
    );
  });

  it("idempotency_conflict (409): one Idempotency-Key, two different bodies", async () => {
    const key = await createTestApiKey();
    const headers = { "idempotency-key": unique("idem") };
    const first = await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, headers, body: { customer_id: unique("i1") } }));
    expect(first.status).toBe(200);
    await expectError(
      await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, headers, body: { customer_id: unique("i2") } })),
      "idempotency_conflict",
      "sandbox",
    );
  });

  it("service_unavailable (503) when the database is away, internal_error (500) for anything unexpected", async () => {
    const key = await createTestApiKey();
    const query = vi.spyOn(pool(), "query");
    query.mockRejectedValueOnce(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }) as never);
    const unavailable = await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: "u1" } }));
    await expectError(unavailable, "service_unavailable");
    expect(unavailable.headers.get("retry-after")).toBe("2");

    vi.spyOn(console, "error").mockImplementation(() => undefined);
    query.mockRejectedValueOnce(new Error("relation \"api_keys\" does not exist") as never);
    const broken = await getOrCreate(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: "u1" } }));
    const body = await expectError(broken, "internal_error");
    expect(JSON.stringify(body)).not.toContain("api_keys");
    expect(body.request_id).toBe(broken.headers.get("x-request-id"));
  });
});
