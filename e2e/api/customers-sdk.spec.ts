// Conformance: the official autumn-js SDK (1.3.13) against the production build. The SDK validates
// every answer with its own zod schemas and throws on any mismatch; on top of that, the raw
// answers are checked against the contract's strict customer schema.
import { AutumnError } from "autumn-js";
import { expect, test, uniqueSuffix } from "../fixtures";
import { api, autumnClient, createApiKey } from "../fixtures-api";
import { apiCustomerSchema } from "../../lib/customers/customer-object";

test("customers.getOrCreate, get, update, list and delete through the SDK", async () => {
  const key = await createApiKey("sandbox");
  const autumn = autumnClient(key);
  const id = `sdk_${uniqueSuffix()}`;
  const email = `john-${uniqueSuffix()}@example.com`;

  const created = await autumn.customers.getOrCreate({ customerId: id, name: "John Doe", email, metadata: { source: "e2e" } });
  expect(created).toMatchObject({ id, name: "John Doe", email, env: "sandbox", metadata: { source: "e2e" }, stripeId: null, sendEmailReceipts: false });
  expect(created.createdAt).toBeGreaterThan(Date.now() - 5 * 60_000);
  expect(created).toMatchObject({ subscriptions: [], purchases: [], licenses: [], balances: {}, flags: {} });

  // Idempotent: the same call returns the same customer.
  expect(await autumn.customers.getOrCreate({ customerId: id, name: "Someone Else" })).toEqual(created);

  const got = await autumn.customers.get({ customerId: id });
  expect(got).toMatchObject({ id, name: "John Doe", email });

  const renamed = `${id}_v2`;
  const updated = await autumn.customers.update({ customerId: id, newCustomerId: renamed, name: "Jane Doe", metadata: { source: null, tier: "gold" } });
  expect(updated).toMatchObject({ id: renamed, name: "Jane Doe", metadata: { tier: "gold" } });

  const listed = await autumn.customers.list({ search: renamed, limit: 10 });
  expect(listed.list.map((c) => c.id)).toEqual([renamed]);
  expect(listed.nextCursor).toBeNull();

  expect(await autumn.customers.delete({ customerId: renamed })).toEqual({ success: true });
  const error = await autumn.customers.get({ customerId: renamed }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AutumnError);
  expect((error as AutumnError).statusCode).toBe(404);
  expect(JSON.parse((error as AutumnError).body)).toEqual({ code: "customer_not_found", message: `Customer ${renamed} not found`, env: "sandbox" });
});

test("a pending customer is claimed through the SDK by email, in any letter case", async () => {
  const key = await createApiKey("sandbox");
  const autumn = autumnClient(key);
  const email = `Deal-${uniqueSuffix()}@Globex.example`;
  const pending = await autumn.customers.getOrCreate({ customerId: null, email, name: "Globex" });
  expect(pending).toMatchObject({ id: null, email, name: "Globex" });

  const id = `globex_${uniqueSuffix()}`;
  const claimed = await autumn.customers.getOrCreate({ customerId: id, email: `  ${email.toLowerCase()} ` });
  expect(claimed).toMatchObject({ id, email, name: "Globex", createdAt: pending.createdAt });
});

test("list pages with the SDK's cursor", async () => {
  const key = await createApiKey("live");
  const autumn = autumnClient(key);
  const tag = `page${uniqueSuffix()}`;
  for (let i = 0; i < 5; i++) await autumn.customers.getOrCreate({ customerId: `${tag}_${i}`, name: `${tag} ${i}` });
  const seen: (string | null)[] = [];
  let cursor = "";
  for (;;) {
    const page = await autumn.customers.list({ startCursor: cursor, limit: 2, search: tag });
    seen.push(...page.list.map((c) => c.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  expect(seen).toEqual([4, 3, 2, 1, 0].map((i) => `${tag}_${i}`));
});

test("the raw answers match the contract's strict customer shape", async () => {
  const key = await createApiKey("sandbox");
  const id = `raw_${uniqueSuffix()}`;
  const created = await api("/v1/customers.get_or_create", { secret: key.secret, body: { customer_id: id, email: `${id}@example.com`, fingerprint: "fp" } });
  expect(created.status).toBe(200);
  expect(apiCustomerSchema.parse(created.json)).toMatchObject({ id, fingerprint: "fp", env: "sandbox" });
  const got = await api("/v1/customers.get", { secret: key.secret, body: { customer_id: id } });
  expect(apiCustomerSchema.parse(got.json)).toEqual(created.json);
  const listed = await api("/v1/customers.list", { secret: key.secret, body: { search: id } });
  expect((listed.json.list as unknown[]).map((c) => apiCustomerSchema.parse(c))).toEqual([created.json]);
});
