// The customer page's reads: the row by id or internal id, and who else uses an email.
import { describe, expect, it } from "vitest";
import { createTestCustomer, staffCtx, unique } from "@/tests/factories";
import { getCustomerRecord } from "./get-customer-record";
import { findCustomersByEmail } from "./find-customers-by-email";

describe("getCustomerRecord", () => {
  it("finds a customer by id, and a pending one by internal id, in the actor's environment only", async () => {
    const ctx = await staffCtx();
    const known = await createTestCustomer();
    const pending = await createTestCustomer({ externalId: null });
    expect((await getCustomerRecord(ctx, { customer_id: known.externalId! })).id).toBe(known.id);
    expect((await getCustomerRecord(ctx, { customer_id: pending.id })).externalId).toBeNull();
    const live = await createTestCustomer({ env: "live" });
    await expect(getCustomerRecord(ctx, { customer_id: live.externalId! })).rejects.toMatchObject({ code: "customer_not_found" });
  });

  it("is refused to an end customer", async () => {
    const customer = await createTestCustomer();
    await expect(
      getCustomerRecord({ env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } }, { customer_id: customer.externalId! }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("findCustomersByEmail", () => {
  it("finds the other customers with the same normalised email, leaving out the one being edited", async () => {
    const ctx = await staffCtx();
    const email = `${unique("Shared")}@Example.test`;
    const a = await createTestCustomer({ email });
    const b = await createTestCustomer({ externalId: null, email: email.toLowerCase() });
    const found = await findCustomersByEmail(ctx, { email: `  ${email.toUpperCase()} `, exceptCustomerId: a.id });
    expect(found).toEqual([{ internalId: b.id, id: null, name: b.name, email: b.email, pending: true }]);
    expect(await findCustomersByEmail(ctx, { email: "" })).toEqual([]);
  });

  it("refuses a malformed email with the API's message", async () => {
    await expect(findCustomersByEmail(await staffCtx(), { email: "not-an-email" })).rejects.toThrow(/not a valid email address/);
  });
});
