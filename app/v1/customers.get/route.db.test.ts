import { describe, expect, it } from "vitest";
import { GetCustomerResponse$inboundSchema } from "autumn-js";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { POST } from "./route";

describe("POST /v1/customers.get", () => {
  it("returns the customer by id or internal id; 404 customer_not_found otherwise", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    for (const ref of [customer.externalId!, customer.id]) {
      const response = await POST(apiRequest("/v1/customers.get", { secret: key.secret, body: { customer_id: ref, expand: ["invoices"] } }));
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(apiCustomerSchema.parse(body)).toMatchObject({ id: customer.externalId, email: customer.email });
      expect(GetCustomerResponse$inboundSchema.parse(body)).toMatchObject({ id: customer.externalId });
    }
    const missing = await POST(apiRequest("/v1/customers.get", { secret: key.secret, body: { customer_id: unique("nobody") } }));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: "customer_not_found", message: expect.stringMatching(/^Customer nobody_\w+ not found$/), env: "sandbox" });
  });
});
