import { describe, expect, it } from "vitest";
import { UpdateCustomerResponse$inboundSchema } from "autumn-js";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { POST } from "./route";

describe("POST /v1/customers.update", () => {
  it("renames, merges metadata, and answers 409 for a taken id or pending email", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const other = await createTestCustomer();
    const newId = unique("renamed");
    const response = await POST(
      apiRequest("/v1/customers.update", { secret: key.secret, body: { customer_id: customer.externalId, new_customer_id: newId, metadata: { tier: "gold", gone: null } } }),
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(apiCustomerSchema.parse(body)).toMatchObject({ id: newId, metadata: { tier: "gold" } });
    expect(UpdateCustomerResponse$inboundSchema.parse(body)).toMatchObject({ id: newId });

    const taken = await POST(apiRequest("/v1/customers.update", { secret: key.secret, body: { customer_id: newId, new_customer_id: other.externalId } }));
    expect(taken.status).toBe(409);
    expect(await taken.json()).toEqual({ code: "customer_already_exists", message: `new_customer_id: a customer with id ${other.externalId} already exists`, env: "sandbox" });

    const email = `${unique("p")}@acme.test`;
    await createTestCustomer({ externalId: null, email });
    const pending = await createTestCustomer({ externalId: null, email: `${unique("q")}@acme.test` });
    const clash = await POST(apiRequest("/v1/customers.update", { secret: key.secret, body: { customer_id: pending.id, email: email.toUpperCase() } }));
    expect(clash.status).toBe(409);
    expect(await clash.json()).toEqual({
      code: "pending_email_taken",
      message: "email: another customer without an id already has this email in this environment",
      env: "sandbox",
    });
  });
});
