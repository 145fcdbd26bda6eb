// The REST item: GET | PATCH | POST | DELETE /v1/customers/{id}.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest, routeParams } from "@/tests/factories/customers";
import { DELETE, GET, PATCH, POST } from "./route";

describe("/v1/customers/{id}", () => {
  it("gets, updates (PATCH and POST) and deletes a customer by id", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const id = customer.externalId!;
    const got = await GET(apiRequest(`/v1/customers/${id}`, { method: "GET", secret: key.secret }), routeParams({ id }));
    expect(apiCustomerSchema.parse(await got.json())).toMatchObject({ id });

    const patched = await PATCH(apiRequest(`/v1/customers/${id}`, { method: "PATCH", secret: key.secret, body: { name: "Patched", id: "ignored" } }), routeParams({ id }));
    expect(await patched.json()).toMatchObject({ id, name: "Patched" });
    const posted = await POST(apiRequest(`/v1/customers/${id}`, { secret: key.secret, body: { name: "Posted" } }), routeParams({ id }));
    expect(await posted.json()).toMatchObject({ id, name: "Posted" });

    const deleted = await DELETE(apiRequest(`/v1/customers/${id}?delete_in_stripe=false`, { method: "DELETE", secret: key.secret }), routeParams({ id }));
    expect(await deleted.json()).toEqual({ success: true });
    expect(await db().customer.findUnique({ where: { id: customer.id } })).toBeNull();
    const gone = await GET(apiRequest(`/v1/customers/${id}`, { method: "GET", secret: key.secret }), routeParams({ id }));
    expect(gone.status).toBe(404);
  });

  it("addresses a pending customer by its internal id", async () => {
    const key = await createTestApiKey();
    const pending = await createTestCustomer({ externalId: null, email: `${unique("p")}@acme.test` });
    const got = await GET(apiRequest(`/v1/customers/${pending.id}`, { method: "GET", secret: key.secret }), routeParams({ id: pending.id }));
    expect(await got.json()).toMatchObject({ id: null, email: pending.email });
  });

  it("checks the id in the path", async () => {
    const key = await createTestApiKey();
    const response = await GET(apiRequest(`/v1/customers/a.b`, { method: "GET", secret: key.secret }), routeParams({ id: "a.b" }));
    expect(await response.json()).toEqual({ code: "invalid_inputs", message: "id: cannot contain '.' — use letters, digits, '_', ':' and '-'", env: "sandbox" });
  });
});
