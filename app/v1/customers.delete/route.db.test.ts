import { describe, expect, it } from "vitest";
import { DeleteCustomerResponse$inboundSchema } from "autumn-js";
import { db } from "@/lib/db";
import { createTestApiKey, createTestCustomer } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { POST } from "./route";

describe("POST /v1/customers.delete", () => {
  it("deletes and answers { success: true }; a second delete is customer_not_found", async () => {
    const key = await createTestApiKey();
    const customer = await createTestCustomer();
    const response = await POST(apiRequest("/v1/customers.delete", { secret: key.secret, body: { customer_id: customer.externalId, delete_in_stripe: false } }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ success: true });
    expect(DeleteCustomerResponse$inboundSchema.parse(body)).toEqual({ success: true });
    expect(await db().customer.findUnique({ where: { id: customer.id } })).toBeNull();
    const again = await POST(apiRequest("/v1/customers.delete", { secret: key.secret, body: { customer_id: customer.externalId } }));
    expect(again.status).toBe(404);
  });
});
