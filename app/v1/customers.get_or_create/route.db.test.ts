// POST /v1/customers.get_or_create over HTTP (in process), as the SDK calls it.
import { describe, expect, it } from "vitest";
import { Customer$inboundSchema } from "autumn-js";
import { db } from "@/lib/db";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { POST } from "./route";

describe("POST /v1/customers.get_or_create", () => {
  it("answers 200 with a customer object the SDK's own schema accepts", async () => {
    const key = await createTestApiKey();
    const id = unique("user");
    const response = await POST(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id, name: "Jane", email: "jane@example.com" } }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBeTruthy();
    const body = await response.json();
    expect(apiCustomerSchema.parse(body)).toMatchObject({ id, name: "Jane", email: "jane@example.com", env: "sandbox" });
    expect(Customer$inboundSchema.parse(body)).toMatchObject({ id, name: "Jane", createdAt: body.created_at, sendEmailReceipts: false });
  });

  it("50 concurrent calls for one new id: one row, 50 identical 200 answers", async () => {
    const key = await createTestApiKey();
    const id = unique("burst");
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => POST(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id, name: "Burst" } }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(await db().customer.count({ where: { env: "sandbox", externalId: id } })).toBe(1);
  });

  it("50 concurrent calls with different ids and one email claim the pending customer exactly once", async () => {
    const key = await createTestApiKey();
    const email = `${unique("team")}@acme.test`;
    const pending = await createTestCustomer({ externalId: null, email });
    const ids = Array.from({ length: 50 }, (_, i) => unique(`member${i}`));
    const responses = await Promise.all(
      ids.map((id, i) => POST(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id, email: i % 2 ? email.toUpperCase() : ` ${email} ` } }))),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const claimed = await db().customer.findUniqueOrThrow({ where: { id: pending.id } });
    expect(ids).toContain(claimed.externalId);
    expect(await db().customer.count({ where: { env: "sandbox", emailNormalized: email } })).toBe(50);
    expect(await db().auditEvent.count({ where: { customerId: pending.id, action: "customer.claimed" } })).toBe(1);
  });

  it("answers 400 invalid_inputs with the helpful messages", async () => {
    const key = await createTestApiKey();
    const cases: [unknown, string][] = [
      [{ customer_id: "john@example.com" }, "customer_id: cannot contain '@' — use your user's id, not their email"],
      [{ customer_id: "john doe" }, "customer_id: cannot contain spaces"],
      [{ customer_id: "john.doe" }, "customer_id: cannot contain '.' — use letters, digits, '_', ':' and '-'"],
      [{ customer_id: "u1", email: "nope" }, "email: not a valid email address"],
      [{ customer_id: null }, "email: required when customer_id is null (a customer without an id is matched by email)"],
      [{}, "customer_id: required"],
      [{ customer_id: "u1", metadata: [1] }, "metadata: must be an object"],
      [{ customer_id: "u1", name: 3 }, "name: must be a string or null"],
    ];
    for (const [body, message] of cases) {
      const response = await POST(apiRequest("/v1/customers.get_or_create", { secret: key.secret, body }));
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message, code: "invalid_inputs", env: "sandbox" });
    }
  });
});
