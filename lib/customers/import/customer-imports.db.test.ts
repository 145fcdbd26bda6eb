// The bulk import against PostgreSQL: the dry run decides every outcome and writes nothing, the
// apply writes exactly what the dry run said (decided again), batch by batch and never half a
// batch, and undo removes what the import created unless one of them was claimed or billed.
// On a database of its own: default plans and a trigger that breaks a batch stay local.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { staffCtx, unique } from "@/tests/factories";
import { apiKeyCtx } from "@/tests/factories/customers";
import { createTestFeature, createTestPlan, runOnOwnDatabase } from "@/tests/factories/entitlements";
import { getOrCreateCustomer } from "../get-or-create-customer";
import { createCustomer } from "../create-customer";
import { mergeCustomers } from "../merge-customers";
import { applyCustomerImportBatch, importCustomers, listCustomerImports, listSkippedImportRows, stageCustomerImport, undoCustomerImport } from "./customer-imports";
import { IMPORT_BATCH_SIZE, type ImportRowInput } from "./schemas";

runOnOwnDatabase("customer_imports");

const outcomes = (rows: { outcome: string; reason: string | null }[]) => rows.map((row) => (row.outcome === "skip" ? `skip:${row.reason}` : row.outcome));
const importedCustomers = (importId: string) => db().customer.findMany({ where: { importId }, include: { plans: { include: { plan: true } } }, orderBy: { id: "asc" } });

async function catalog() {
  const feature = await createTestFeature();
  const group = unique("g");
  const free = await createTestPlan({ planId: unique("free"), group, isDefault: true, items: [{ featureId: feature.id, included: 10 }] });
  const pro = await createTestPlan({ planId: unique("pro"), group, price: { amount: 50_00, interval: "month", currency: "usd" }, items: [{ featureId: feature.id, included: 1000 }] });
  return { feature, free, pro };
}

describe("importCustomers: dry run, then apply", () => {
  it("reports every outcome without writing, then writes exactly those rows", async () => {
    const ctx = await staffCtx();
    const { free, pro } = await catalog();
    const existingEmail = `${unique("old")}@x.test`;
    const existing = await createCustomer(ctx, { id: unique("old"), name: "Old name", email: existingEmail });
    const taken = `${unique("taken")}@x.test`;
    await createCustomer(ctx, { email: taken });
    const [idNew, pendingEmail] = [unique("new"), `${unique("pend")}@x.test`];
    const rows: ImportRowInput[] = [
      { id: idNew, name: "Acme", email: `${unique("a")}@acme.test`, plan_id: pro.id, price: "1,200.50", currency: "EUR", metadata: { region: "EU" } },
      { email: pendingEmail, name: "Pending Co", plan_id: pro.id, starts_at: "2099-01-01" },
      { id: existing.customer.externalId, name: "New name", metadata: { tier: "gold" } },
      { email: taken.toUpperCase() },
      { email: "not-an-email" },
      { id: unique("x"), plan_id: "no_such_plan" },
      { id: idNew, email: "dup@x.test" },
      { email: ` ${pendingEmail.toUpperCase()} ` },
      { email: `${unique("z")}@x.test`, plan_id: pro.id, price: "ten" },
      { id: unique("same_mail"), email: existingEmail.toUpperCase() },
    ];
    const expected = ["create", "create_pending", "update", "skip:pending_email_taken", "skip:invalid_email", "skip:unknown_plan", "skip:duplicate_in_file", "skip:duplicate_in_file", "skip:invalid_row", "create"];
    const customersBefore = await db().customer.count();

    const dry = await importCustomers(ctx, { rows, dry_run: true });
    expect(outcomes(dry.rows)).toEqual(expected);
    expect(dry).toMatchObject({ import_id: null, dry_run: true, summary: { total: 10, create: 2, create_pending: 1, update: 1, skip: 6 } });
    // The duplicate-email warning: another customer already uses the address (the row is still written).
    expect(dry.rows[9]).toMatchObject({ outcome: "create", duplicate_of: existing.customer.id });
    expect(dry.rows[0]).not.toHaveProperty("duplicate_of");
    expect(await db().customer.count()).toBe(customersBefore);
    expect((await db().customer.findUniqueOrThrow({ where: { id: existing.customer.id } })).name).toBe("Old name");

    const applied = await importCustomers(ctx, { rows, file_name: "deals.csv" });
    expect(outcomes(applied.rows)).toEqual(expected);
    expect(applied.summary).toEqual(dry.summary);
    expect(await db().customer.count()).toBe(customersBefore + 3);

    const created = await importedCustomers(applied.import_id!);
    const acme = created.find((c) => c.externalId === idNew)!;
    const staffId = (ctx.actor as { userId: string }).userId;
    expect(acme).toMatchObject({ name: "Acme", metadata: { region: "EU" }, ownerId: staffId, createdByKind: "staff" });
    // The negotiated plan replaced the group's default plan (never created), at the price given.
    expect(acme.plans.map((p) => ({ plan: p.plan.planId, status: p.status, price: p.customPriceAmount, currency: p.customCurrency, custom: p.isCustom }))).toEqual([
      { plan: pro.id, status: "active", price: 120050, currency: "eur", custom: true },
    ]);
    expect(await db().grant.findMany({ where: { customerId: acme.id, active: true }, select: { granted: true } })).toEqual([{ granted: 1000 }]);
    // Starting later: scheduled, and the default plan stays until then.
    const pending = created.find((c) => c.externalId === null)!;
    expect(created).toHaveLength(3);
    expect(pending.plans.map((p) => [p.plan.planId, p.status]).sort()).toEqual([[free.id, "active"], [pro.id, "scheduled"]].sort());

    const updated = await db().customer.findUniqueOrThrow({ where: { id: existing.customer.id } });
    expect(updated).toMatchObject({ name: "New name", importId: null, metadata: { tier: "gold" } });

    const audit = await db().auditEvent.findMany({ where: { targetId: applied.import_id! } });
    expect(audit).toMatchObject([{ action: "customer_import.applied", after: { total: 10, created: 3, updated: 1, skipped: 6 } }]);
    expect(await db().auditEvent.count({ where: { customerId: acme.id, action: "customer.created" } })).toBe(1);
    expect(await db().auditEvent.count({ where: { customerId: acme.id, action: "customer_plan.enabled" } })).toBe(1);
    expect((await listSkippedImportRows(ctx, { import_id: applied.import_id! })).map((row) => row.row)).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it("decides again at apply time: an email taken since the dry run is skipped, not written twice", async () => {
    const ctx = await staffCtx();
    const email = `${unique("late")}@x.test`;
    const staged = await stageCustomerImport(ctx, { rows: [{ email }, { email: `${unique("ok")}@x.test` }] });
    expect(outcomes(staged.rows)).toEqual(["create_pending", "create_pending"]);
    await createCustomer(ctx, { email });
    const progress = await applyCustomerImportBatch(ctx, { import_id: staged.import.id });
    expect(progress.done).toBe(true);
    expect(outcomes(progress.rows)).toEqual(["skip:pending_email_taken", "create_pending"]);
    expect(progress.import).toMatchObject({ status: "applied", created: 1, skipped: 1, processedRows: 2 });
  });

  it("refuses an actor that may not write customers", async () => {
    await expect(importCustomers({ env: "sandbox", actor: { kind: "end_customer", userId: "u", email: null } }, { rows: [{ email: "a@b.test" }] })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("applying in batches", () => {
  const rowsOf = (count: number, tag: string): ImportRowInput[] => Array.from({ length: count }, (_, i) => ({ id: `${tag}_${i}`, name: `Customer ${i}`, email: `${tag}_${i}@x.test` }));

  it("applies a batch at a time and says how far it got", async () => {
    const ctx = await staffCtx();
    const staged = await stageCustomerImport(ctx, { rows: rowsOf(IMPORT_BATCH_SIZE + 20, unique("b")), file_name: "big.csv" });
    expect(staged.import).toMatchObject({ status: "staged", totalRows: IMPORT_BATCH_SIZE + 20, processedRows: 0 });
    expect(await db().customer.count({ where: { importId: staged.import.id } })).toBe(0);

    expect((await listCustomerImports(ctx)).map((item) => item.id)).not.toContain(staged.import.id);

    const first = await applyCustomerImportBatch(ctx, { import_id: staged.import.id });
    expect(first).toMatchObject({ done: false, import: { status: "applying", processedRows: IMPORT_BATCH_SIZE, created: IMPORT_BATCH_SIZE } });
    // A tab closed here leaves whole batches, and the history says how far the import got.
    expect((await listCustomerImports(ctx)).find((item) => item.id === staged.import.id)).toMatchObject({ status: "applying", processedRows: IMPORT_BATCH_SIZE, totalRows: IMPORT_BATCH_SIZE + 20 });
    const second = await applyCustomerImportBatch(ctx, { import_id: staged.import.id });
    expect(second).toMatchObject({ done: true, import: { status: "applied", processedRows: IMPORT_BATCH_SIZE + 20, created: IMPORT_BATCH_SIZE + 20 } });
    expect(await db().customer.count({ where: { importId: staged.import.id } })).toBe(IMPORT_BATCH_SIZE + 20);
  });

  it("never leaves half a batch: a batch that fails writes nothing, the batches before it stay whole, and the import continues", async () => {
    const ctx = await staffCtx();
    const tag = unique("atomic");
    const rows = rowsOf(IMPORT_BATCH_SIZE + 10, tag);
    rows[IMPORT_BATCH_SIZE + 5] = { id: `${tag}_boom`, name: "boom", email: `${tag}_boom@x.test` };
    const staged = await stageCustomerImport(ctx, { rows });
    await db().$executeRawUnsafe(`
      create function refuse_boom() returns trigger language plpgsql as $$
      begin
        if new.customer_id in (select id from customers where name = 'boom') then raise exception 'boom'; end if;
        return new;
      end $$`);
    // Fails after the customers of the batch were inserted (at their audit events).
    await db().$executeRawUnsafe(`create trigger refuse_boom before insert on audit_events for each row execute function refuse_boom()`);
    try {
      await applyCustomerImportBatch(ctx, { import_id: staged.import.id });
      await expect(applyCustomerImportBatch(ctx, { import_id: staged.import.id })).rejects.toThrow(/boom/);
      expect(await db().customer.count({ where: { importId: staged.import.id } })).toBe(IMPORT_BATCH_SIZE);
      expect(await db().customer.count({ where: { externalId: { startsWith: `${tag}_` }, importId: null } })).toBe(0);
      expect(await db().customerImport.findUniqueOrThrow({ where: { id: staged.import.id } })).toMatchObject({ status: "applying", processedRows: IMPORT_BATCH_SIZE, createdCount: IMPORT_BATCH_SIZE });
      expect(await db().customerImportRow.count({ where: { importId: staged.import.id, appliedAt: null } })).toBe(10);
    } finally {
      await db().$executeRawUnsafe(`drop trigger refuse_boom on audit_events`);
      await db().$executeRawUnsafe(`drop function refuse_boom()`);
    }
    const resumed = await applyCustomerImportBatch(ctx, { import_id: staged.import.id });
    expect(resumed).toMatchObject({ done: true, import: { status: "applied", created: IMPORT_BATCH_SIZE + 10 } });
  });
});

describe("undoCustomerImport", () => {
  it("deletes what the import created, with its plans, and the import cannot be applied again", async () => {
    const ctx = await staffCtx();
    const { pro } = await catalog();
    const existing = await createCustomer(ctx, { id: unique("keep") });
    const result = await importCustomers(ctx, { rows: [{ id: unique("u"), plan_id: pro.id, price: "10" }, { email: `${unique("u")}@x.test` }, { id: existing.customer.externalId, name: "Renamed" }] });
    const ids = (await importedCustomers(result.import_id!)).map((c) => c.id);
    expect(ids).toHaveLength(2);

    const undone = await undoCustomerImport(ctx, { import_id: result.import_id! });
    expect(undone).toMatchObject({ deleted: 2, import: { status: "undone" } });
    expect(await db().customer.count({ where: { id: { in: ids } } })).toBe(0);
    expect(await db().customerPlan.count({ where: { customerId: { in: ids } } })).toBe(0);
    expect(await db().customer.findUniqueOrThrow({ where: { id: existing.customer.id } })).toMatchObject({ name: "Renamed" });
    expect(await db().auditEvent.findFirst({ where: { targetId: result.import_id!, action: "customer_import.undone" } })).toMatchObject({ after: { deleted: 2 } });
    await expect(applyCustomerImportBatch(ctx, { import_id: result.import_id! })).rejects.toMatchObject({ code: "conflict" });
    await expect(undoCustomerImport(ctx, { import_id: result.import_id! })).rejects.toMatchObject({ code: "conflict" });
  });

  it("is refused once one of its customers has been claimed, billed or merged into, and then changes nothing", async () => {
    const ctx = await staffCtx();
    const email = `${unique("claim")}@x.test`;
    const claimedImport = await importCustomers(ctx, { rows: [{ email }, { email: `${unique("other")}@x.test` }] });
    // The person signs up: the application's get-or-create claims the pending customer.
    await getOrCreateCustomer(apiKeyCtx(), { customer_id: unique("signed_up"), email });
    await expect(undoCustomerImport(ctx, { import_id: claimedImport.import_id! })).rejects.toMatchObject({
      code: "conflict",
      message: "This import cannot be undone: 1 of its customers has been claimed since (they signed up).",
      details: { reason: "claimed" },
    });
    expect(await db().customer.count({ where: { importId: claimedImport.import_id! } })).toBe(2);

    const billedImport = await importCustomers(ctx, { rows: [{ id: unique("billed") }] });
    const [billed] = await importedCustomers(billedImport.import_id!);
    await db().customer.update({ where: { id: billed!.id }, data: { stripeId: `cus_${unique("s").replace(/_/g, "")}` } });
    await expect(undoCustomerImport(ctx, { import_id: billedImport.import_id! })).rejects.toMatchObject({ code: "conflict", details: { reason: "billed" } });

    // Another customer merged into an imported one: undoing would delete what the merge moved.
    const survivorImport = await importCustomers(ctx, { rows: [{ id: unique("survivor") }] });
    const [survivor] = await importedCustomers(survivorImport.import_id!);
    const other = await createCustomer(ctx, { id: unique("merged"), name: "Merged away" });
    await mergeCustomers(ctx, { customer_id: other.customer.externalId!, into: survivor!.externalId! });
    await expect(undoCustomerImport(ctx, { import_id: survivorImport.import_id! })).rejects.toMatchObject({ code: "conflict", details: { reason: "merged", customerIds: [survivor!.id] } });
    expect(await db().customer.count({ where: { id: survivor!.id } })).toBe(1);
  });

  it("answers not_found for another environment's import", async () => {
    const result = await importCustomers(await staffCtx(), { rows: [{ id: unique("env") }] });
    await expect(undoCustomerImport(await staffCtx("live"), { import_id: result.import_id! })).rejects.toMatchObject({ code: "not_found" });
  });
});
