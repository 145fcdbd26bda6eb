// The REST collection: POST /v1/customers (get-or-create) and GET /v1/customers?limit&offset.
import { describe, expect, it } from "vitest";
import { Customer$inboundSchema } from "autumn-js";
import { db } from "@/lib/db";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { GET, POST } from "./route";

describe("POST /v1/customers", () => {
  it("accepts the documentation's cURL call as written (customer_id in a REST body)", async () => {
    const key = await createTestApiKey();
    // curl -X POST ".../v1/customers" -H "Authorization: Bearer am_sk_test_…" -H "Content-Type: application/json" -d '…'
    const response = await POST(
      new Request("http://test/v1/customers", {
        method: "POST",
        headers: { Authorization: `Bearer ${key.secret}`, "Content-Type": "application/json" },
        body: `{
      "customer_id": "user_123",
      "name": "John Doe",
      "email": "john@example.com"
    }`,
      }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(apiCustomerSchema.parse(body)).toMatchObject({ id: "user_123", name: "John Doe", email: "john@example.com", env: "sandbox" });
    expect(Customer$inboundSchema.parse(body)).toMatchObject({ id: "user_123" });
    // Repeating it is harmless.
    const again = await POST(apiRequest("/v1/customers", { secret: key.secret, body: { customer_id: "user_123", name: "John Doe", email: "john@example.com" } }));
    expect(await again.json()).toEqual(body);
    expect(await db().customer.count({ where: { env: "sandbox", externalId: "user_123" } })).toBe(1);
  });

  it("takes the id as `id` too, and `id: null` with an email for a pending customer", async () => {
    const key = await createTestApiKey();
    const id = unique("rest");
    expect(await (await POST(apiRequest("/v1/customers", { secret: key.secret, body: { id, name: "Rest" } }))).json()).toMatchObject({ id, name: "Rest" });
    const email = `${unique("pre")}@acme.test`;
    expect(await (await POST(apiRequest("/v1/customers", { secret: key.secret, body: { id: null, email } }))).json()).toMatchObject({ id: null, email });
    const missing = await POST(apiRequest("/v1/customers", { secret: key.secret, body: { name: "x" } }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).message).toMatch(/^id: required/);
  });
});

describe("GET /v1/customers", () => {
  it("pages by limit and offset: { list, total, limit, offset, has_more }", async () => {
    const key = await createTestApiKey("live");
    const tag = unique("Rest");
    for (let i = 0; i < 3; i++) await createTestCustomer({ env: "live", name: `${tag} ${i}` });
    const response = await GET(apiRequest(`/v1/customers?limit=2&offset=1&search=${tag}`, { method: "GET", secret: key.secret }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ total: 3, limit: 2, offset: 1, has_more: false });
    expect(body.list.map((c: { name: string }) => c.name)).toEqual([`${tag} 1`, `${tag} 0`]);
    const bad = await GET(apiRequest("/v1/customers?limit=abc", { method: "GET", secret: key.secret }));
    expect(await bad.json()).toEqual({ code: "invalid_inputs", message: "limit: must be a number", env: "live" });
  });
});
