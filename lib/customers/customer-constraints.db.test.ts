// The database itself enforces the customer invariants, whatever code path writes the rows.
import { describe, expect, it } from "vitest";
import { createTestCustomer, unique } from "@/tests/factories";

describe("customer constraints (database)", () => {
  it("refuses a second pending customer with the same email in one environment, in any letter case", async () => {
    const email = `${unique("pending")}@Acme.test`;
    await createTestCustomer({ externalId: null, email });
    await expect(createTestCustomer({ externalId: null, email: email.toUpperCase() })).rejects.toThrow(/customers_pending_email_key|Unique constraint/);
  });

  it("allows the same pending email in sandbox and live", async () => {
    const email = `${unique("pending")}@acme.test`;
    await createTestCustomer({ env: "sandbox", externalId: null, email });
    await expect(createTestCustomer({ env: "live", externalId: null, email })).resolves.toMatchObject({ env: "live" });
  });

  it("allows a customer with an id to share an email with a pending one", async () => {
    const email = `${unique("shared")}@acme.test`;
    await createTestCustomer({ externalId: null, email });
    await expect(createTestCustomer({ externalId: unique("user"), email })).resolves.toBeTruthy();
  });

  it("allows the same external id in sandbox and live, and refuses it twice in one environment", async () => {
    const externalId = unique("user");
    await createTestCustomer({ env: "sandbox", externalId });
    await expect(createTestCustomer({ env: "live", externalId })).resolves.toMatchObject({ env: "live", externalId });
    await expect(createTestCustomer({ env: "sandbox", externalId })).rejects.toThrow(/Unique constraint|customers_env_external_id_key/);
  });

  it("refuses an external id that breaks the id rule", async () => {
    await expect(createTestCustomer({ externalId: "has space" })).rejects.toThrow(/customers_external_id_format|check constraint/i);
  });
});
