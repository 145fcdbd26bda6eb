import { describe, expect, it } from "vitest";
import { ListCustomersResponse$inboundSchema } from "autumn-js";
import { apiCustomerSchema } from "@/lib/customers/customer-object";
import { createTestApiKey, createTestCustomer, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { POST } from "./route";

describe("POST /v1/customers.list", () => {
  it("answers { list, next_cursor } pages the SDK accepts", async () => {
    const key = await createTestApiKey();
    const tag = unique("Rpc");
    for (let i = 0; i < 3; i++) await createTestCustomer({ name: `${tag} ${i}` });
    const first = await POST(apiRequest("/v1/customers.list", { secret: key.secret, body: { start_cursor: "", limit: 2, search: tag } }));
    expect(first.status).toBe(200);
    const page = await first.json();
    expect(page.list.map((c: unknown) => apiCustomerSchema.parse(c).name)).toEqual([`${tag} 2`, `${tag} 1`]);
    expect(ListCustomersResponse$inboundSchema.parse(page).nextCursor).toBe(page.next_cursor);
    const second = await (await POST(apiRequest("/v1/customers.list", { secret: key.secret, body: { start_cursor: page.next_cursor, limit: 2, search: tag } }))).json();
    expect(second).toMatchObject({ next_cursor: null, list: [{ name: `${tag} 0` }] });
  });

  it("answers invalid_inputs for a bad limit or cursor", async () => {
    const key = await createTestApiKey();
    const tooMany = await POST(apiRequest("/v1/customers.list", { secret: key.secret, body: { limit: 5000 } }));
    expect(await tooMany.json()).toEqual({ code: "invalid_inputs", message: "limit: at most 1000", env: "sandbox" });
    const forged = await POST(apiRequest("/v1/customers.list", { secret: key.secret, body: { start_cursor: "abc" } }));
    expect(forged.status).toBe(400);
    expect((await forged.json()).message).toMatch(/^start_cursor: not a cursor returned by this API/);
  });
});
