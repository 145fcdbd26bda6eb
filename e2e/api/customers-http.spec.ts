// Raw HTTP against the production build: the docs' cURL call, the wrapper's refusals, request ids
// and the OpenAPI document.
import { expect, sql, test, uniqueSuffix } from "../fixtures";
import { api, createApiKey, revokeApiKey } from "../fixtures-api";

test("the documentation's cURL call works as written", async () => {
  const key = await createApiKey("sandbox");
  // curl -X POST "$BASE/v1/customers" -H "Authorization: Bearer am_sk_test_…" -H "Content-Type: application/json" -d '{...}'
  const response = await api("/v1/customers", {
    secret: key.secret,
    headers: { "Content-Type": "application/json" },
    body: `{
      "customer_id": "user_123",
      "name": "John Doe",
      "email": "john@example.com"
    }`,
  });
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({ id: "user_123", name: "John Doe", email: "john@example.com", env: "sandbox" });
  expect(response.headers.get("x-request-id")).toMatch(/^req_/);
});

test("refusals: no key, revoked key, other environment, malformed JSON, 2 MB body", async () => {
  const noKey = await api("/v1/customers.get_or_create", { body: { customer_id: "x" } });
  expect(noKey.status).toBe(401);
  expect(noKey.json).toMatchObject({ code: "no_secret_key" });

  const key = await createApiKey("sandbox");
  const id = `http_${uniqueSuffix()}`;
  expect((await api("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id } })).status).toBe(200);

  const live = await createApiKey("live");
  const otherEnv = await api("/v1/customers.get", { secret: live.secret, body: { customer_id: id } });
  expect(otherEnv.status).toBe(404);
  expect(otherEnv.json).toEqual({ code: "customer_not_found", message: `Customer ${id} not found`, env: "live" });

  const malformed = await api("/v1/customers", { secret: key.secret, body: '{"customer_id": ' });
  expect(malformed.status).toBe(400);
  expect(malformed.json).toEqual({ code: "invalid_request", message: "The request body is not valid JSON", env: "sandbox" });

  const big = await api("/v1/customers", { secret: key.secret, body: JSON.stringify({ customer_id: id, metadata: { blob: "x".repeat(2 * 1024 * 1024) } }) });
  expect(big.status).toBe(413);
  expect(big.json).toMatchObject({ code: "payload_too_large", env: "sandbox" });

  await revokeApiKey(key);
  const revoked = await api("/v1/customers.get", { secret: key.secret, body: { customer_id: id } });
  expect(revoked.status).toBe(401);
  expect(revoked.json).toEqual({ code: "invalid_secret_key", message: "This secret key has been revoked" });
});

test("the REST item routes address a customer by id or internal id", async () => {
  const key = await createApiKey("sandbox");
  const email = `pending-${uniqueSuffix()}@acme.example`;
  await api("/v1/customers", { secret: key.secret, body: { id: null, email } });
  const [row] = await sql<{ id: string }>(`select id from customers where email = $1`, [email]);
  const got = await api(`/v1/customers/${row!.id}`, { method: "GET", secret: key.secret });
  expect(got.json).toMatchObject({ id: null, email });
  const patched = await api(`/v1/customers/${row!.id}`, { method: "PATCH", secret: key.secret, body: { name: "Acme" } });
  expect(patched.json).toMatchObject({ id: null, name: "Acme" });
  const deleted = await api(`/v1/customers/${row!.id}`, { method: "DELETE", secret: key.secret });
  expect(deleted.json).toEqual({ success: true });
  const list = await api(`/v1/customers?limit=5&offset=0`, { method: "GET", secret: key.secret });
  expect(list.json).toMatchObject({ limit: 5, offset: 0 });
});

test("the OpenAPI document is served without a key", async () => {
  const response = await api("/v1/openapi.json", { method: "GET" });
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({ openapi: "3.1.0" });
  expect(Object.keys(response.json.paths as object)).toEqual(expect.arrayContaining(["/v1/customers.get_or_create", "/v1/customers/{id}", "/v1/customers"]));
});
