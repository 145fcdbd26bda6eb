import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { importCustomersResponse } from "@/lib/customers/import/schemas";
import { createTestApiKey, unique } from "@/tests/factories";
import { apiRequest } from "@/tests/factories/customers";
import { POST } from "./route";

describe("POST /v1/customers.import", () => {
  it("answers a dry run without writing, then imports, with the API key as creator", async () => {
    const key = await createTestApiKey();
    const id = unique("api");
    const email = `${unique("p")}@acme.test`;
    const body = { rows: [{ id, name: "Acme", metadata: { deal: 42 } }, { email }, { email: "nope" }], file_name: "crm.json" };

    const dry = await POST(apiRequest("/v1/customers.import", { secret: key.secret, body: { ...body, dry_run: true } }));
    expect(dry.status).toBe(200);
    const dryBody = importCustomersResponse.parse(await dry.json());
    expect(dryBody).toMatchObject({ import_id: null, dry_run: true, summary: { total: 3, create: 1, create_pending: 1, skip: 1 } });
    expect(dryBody.rows[2]).toEqual({ row: 3, outcome: "skip", reason: "invalid_email", message: "email: not a valid email address", customer_id: null });
    expect(await db().customer.count({ where: { OR: [{ externalId: id }, { emailNormalized: email }] } })).toBe(0);

    const applied = await POST(apiRequest("/v1/customers.import", { secret: key.secret, body }));
    expect(applied.status).toBe(200);
    const appliedBody = importCustomersResponse.parse(await applied.json());
    expect(appliedBody).toMatchObject({ dry_run: false, summary: dryBody.summary });
    const created = await db().customer.findMany({ where: { importId: appliedBody.import_id! }, orderBy: { externalId: "asc" } });
    expect(created.map((c) => [c.externalId, c.email, c.createdByKind, c.ownerId])).toEqual([
      [id, null, "api_key", null],
      [null, email, "api_key", null],
    ]);
    expect(appliedBody.rows.map((row) => row.customer_id)).toEqual([expect.stringMatching(/^cus_/), expect.stringMatching(/^cus_/), null]);
    expect(await db().customerImport.findUniqueOrThrow({ where: { id: appliedBody.import_id! } })).toMatchObject({ source: "api", status: "applied", fileName: "crm.json" });
  });

  it("refuses a body that is not a list of rows (400 invalid_inputs)", async () => {
    const key = await createTestApiKey();
    const response = await POST(apiRequest("/v1/customers.import", { secret: key.secret, body: { rows: [] } }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "invalid_inputs", message: expect.stringMatching(/^rows: must hold at least one row/) });
    const typed = await POST(apiRequest("/v1/customers.import", { secret: key.secret, body: { rows: [{ email: 5 }] } }));
    expect(typed.status).toBe(400);
  });
});
