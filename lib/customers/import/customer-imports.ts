// Bulk import of customers to pre-create: the one implementation behind the dashboard's CSV flow
// and POST /v1/customers.import.
//
//   stageCustomerImport   the dry run: every row judged and classified against the database and the
//                         rows before it in the file; the rows and their outcomes are kept (nothing
//                         is written to customers) so the import can then be applied.
//   applyCustomerImportBatch  applies the next IMPORT_BATCH_SIZE rows in one transaction (decided
//                         again, as the database may have changed since the dry run) and answers the
//                         progress. The dashboard calls it until done, showing a progress bar; a
//                         closed tab leaves whole batches only, and the import's status and counts
//                         say how far it got (it can be continued or undone).
//   importCustomers       the API: a dry run, or stage and apply every batch in one request.
//   undoCustomerImport    deletes the customers the import created, while none has been claimed
//                         or billed.
// Audit: one entry per import when it finishes (with its counts) and one when it is undone; each
// created customer also gets its own "customer.created" entry naming the import.
import "server-only";
import type { CustomerImport } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import { authorize } from "@/lib/auth/permissions";
import { db, type Tx } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { loadDefaultPlans } from "@/lib/plans/enable-plans-for-new-customers";
import { findCustomersByEmails } from "../find-customers-by-email";
import { classifyImportRows } from "./classify-import";
import { ImportBatchRace, writeImportBatch, type WrittenRow } from "./write-import-batch";
import type { Classified } from "./row-rules";
import {
  IMPORT_BATCH_SIZE,
  customerImportRefInput,
  importCustomersInput,
  importRowSchema,
  stageCustomerImportInput,
  summarize,
  type CustomerImportRefInput,
  type ImportCustomersInput,
  type ImportCustomersResponse,
  type ImportRow,
  type ImportRowResult,
  type StageCustomerImportInput,
} from "./schemas";

export type CustomerImportView = {
  id: string;
  status: "staged" | "applying" | "applied" | "undone";
  source: "dashboard" | "api";
  fileName: string | null;
  totalRows: number;
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
};

export function customerImportView(row: CustomerImport): CustomerImportView {
  return {
    id: row.id,
    status: row.status as CustomerImportView["status"],
    source: row.source as CustomerImportView["source"],
    fileName: row.fileName,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    created: row.createdCount,
    updated: row.updatedCount,
    skipped: row.skippedCount,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    undoneAt: row.undoneAt?.toISOString() ?? null,
  };
}

const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 } as const;
const importNotFound = (id: string) => new DomainError("not_found", `Import ${id} not found`);

const rowResult = (row: number, classified: Classified): ImportRowResult =>
  classified.outcome === "skip"
    ? { row, outcome: "skip", reason: classified.reason, message: classified.message, customer_id: null }
    : { row, outcome: classified.outcome, reason: null, message: null, customer_id: classified.outcome === "update" ? classified.customerId : null };

// ---------------------------------------------------------------------------------------------
// Dry run and staging

async function dryRun(ctx: Ctx, rows: ImportRow[], now: Date): Promise<ImportRowResult[]> {
  const { classified } = await classifyImportRows(db(), ctx.env, rows, { importId: null, now });
  // The duplicate-email warning of the create and edit dialogs: another customer already uses the address.
  const written = classified.flatMap((entry) => (entry.outcome !== "skip" && entry.row.email ? [entry.row.email] : []));
  const using = await findCustomersByEmails(ctx, written);
  return classified.map((entry, index) => {
    const result = rowResult(index + 1, entry);
    if (entry.outcome === "skip" || !entry.row.emailNormalized) return result;
    const other = using.get(entry.row.emailNormalized)?.find((customer) => customer.internalId !== entry.customerId);
    return other ? { ...result, duplicate_of: other.internalId } : result;
  });
}

export type StagedImport = { import: CustomerImportView; summary: ReturnType<typeof summarize>; rows: ImportRowResult[] };

/** The dry run of a file's rows, kept as an import ready to apply. Writes no customer. */
export async function stageCustomerImport(ctx: Ctx, input: StageCustomerImportInput, options: { source?: "dashboard" | "api"; now?: Date } = {}): Promise<StagedImport> {
  authorize(ctx, "customers:write");
  const data = stageCustomerImportInput.parse(input);
  return stage(ctx, data.rows, { fileName: data.file_name ?? null, source: options.source ?? "dashboard", now: options.now ?? new Date() });
}

async function stage(ctx: Ctx, rows: ImportRow[], args: { fileName: string | null; source: "dashboard" | "api"; now: Date }): Promise<StagedImport> {
  const results = await dryRun(ctx, rows, args.now);
  const id = newId("imp");
  const created = await db().$transaction(
    async (tx) => {
      const row = await tx.customerImport.create({
        data: {
          id,
          env: ctx.env,
          status: "staged",
          source: args.source,
          fileName: args.fileName,
          totalRows: rows.length,
          createdByKind: actorKind(ctx.actor),
          createdById: actorId(ctx.actor),
          createdByLabel: actorLabel(ctx.actor),
        },
      });
      // One INSERT ... SELECT FROM unnest (createMany costs milliseconds a row at this size).
      await tx.$executeRaw`
        insert into customer_import_rows (import_id, row_number, data, outcome, reason, message)
        select ${id}, t.row_number, t.data::jsonb, t.outcome, t.reason, t.message
        from unnest(${results.map((r) => r.row)}::int[], ${rows.map((row) => JSON.stringify(row))}::text[], ${results.map((r) => r.outcome)}::text[],
                    ${results.map((r) => r.reason)}::text[], ${results.map((r) => r.message)}::text[]) as t(row_number, data, outcome, reason, message)`;
      return row;
    },
    TRANSACTION_OPTIONS,
  );
  return { import: customerImportView(created), summary: summarize(results), rows: results };
}

// ---------------------------------------------------------------------------------------------
// Apply

export type ImportProgress = { import: CustomerImportView; done: boolean; rows: ImportRowResult[] };

/** Applies the import's next batch of rows (all of it, or none of it) and answers the progress. */
export async function applyCustomerImportBatch(ctx: Ctx, input: CustomerImportRefInput, options: { now?: Date } = {}): Promise<ImportProgress> {
  authorize(ctx, "customers:write");
  const { import_id } = customerImportRefInput.parse(input);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().$transaction((tx) => applyNextBatch(tx, ctx, import_id, options.now ?? new Date()), TRANSACTION_OPTIONS);
    } catch (error) {
      // Lost a race for an id or a pending email: decide the batch again, from a fresh read.
      if (error instanceof ImportBatchRace && attempt < 3) continue;
      throw error;
    }
  }
}

async function lockImport(tx: Tx, ctx: Ctx, importId: string): Promise<CustomerImport> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`select id from customer_imports where id = ${importId} and env = ${ctx.env}::"Env" for update`;
  if (!locked) throw importNotFound(importId);
  return tx.customerImport.findUniqueOrThrow({ where: { id: importId } });
}

async function applyNextBatch(tx: Tx, ctx: Ctx, importId: string, now: Date): Promise<ImportProgress> {
  const current = await lockImport(tx, ctx, importId);
  if (current.status === "undone") throw new DomainError("conflict", "This import was undone: it cannot be applied again. Import the file again instead.");
  if (current.status === "applied") return { import: customerImportView(current), done: true, rows: [] };

  const pending = await tx.customerImportRow.findMany({
    where: { importId, appliedAt: null },
    orderBy: { rowNumber: "asc" },
    take: IMPORT_BATCH_SIZE,
  });
  const rows = pending.map((row) => importRowSchema.parse(row.data));
  const { classified, plans } = await classifyImportRows(tx, ctx.env, rows, { importId, now });
  // A duplicate in the file stays one, whatever became of the row it duplicates (the dry run saw the whole file).
  const decided = pending.map((row, index): { rowNumber: number; classified: Classified } => ({
    rowNumber: row.rowNumber,
    classified: row.reason === "duplicate_in_file" ? { outcome: "skip", reason: "duplicate_in_file", message: row.message ?? "appears in an earlier row" } : classified[index]!,
  }));
  const defaults = decided.some((row) => row.classified.outcome === "create" || row.classified.outcome === "create_pending") ? await loadDefaultPlans(tx, ctx.env) : [];
  const written = await writeImportBatch(tx, ctx, { importId, rows: decided, plans, defaults, now });
  await recordRowOutcomes(tx, importId, written, now);

  const count = (outcomes: string[]) => written.filter((row) => outcomes.includes(row.outcome)).length;
  const remaining = await tx.customerImportRow.count({ where: { importId, appliedAt: null } });
  const done = remaining === 0;
  const after = await tx.customerImport.update({
    where: { id: importId },
    data: {
      status: done ? "applied" : "applying",
      processedRows: { increment: written.length },
      createdCount: { increment: count(["create", "create_pending"]) },
      updatedCount: { increment: count(["update"]) },
      skippedCount: { increment: count(["skip"]) },
      ...(done ? { finishedAt: now } : {}),
    },
  });
  if (done) {
    await recordAuditEvent(tx, ctx, {
      action: "customer_import.applied",
      targetType: "customer_import",
      targetId: importId,
      target: { importId, fileName: after.fileName, source: after.source },
      after: { total: after.totalRows, created: after.createdCount, updated: after.updatedCount, skipped: after.skippedCount },
    });
  }
  return {
    import: customerImportView(after),
    done,
    rows: written.map((row) => ({ row: row.rowNumber, outcome: row.outcome, reason: row.reason, message: row.message, customer_id: row.customerId })),
  };
}

async function recordRowOutcomes(tx: Tx, importId: string, written: WrittenRow[], now: Date): Promise<void> {
  if (written.length === 0) return;
  await tx.$executeRaw`
    update customer_import_rows r
    set outcome = t.outcome, reason = t.reason, message = t.message, customer_id = t.customer_id, applied_at = ${now}
    from unnest(${written.map((w) => w.rowNumber)}::int[], ${written.map((w) => w.outcome)}::text[], ${written.map((w) => w.reason)}::text[],
                ${written.map((w) => w.message)}::text[], ${written.map((w) => w.customerId)}::text[])
         as t(row_number, outcome, reason, message, customer_id)
    where r.import_id = ${importId} and r.row_number = t.row_number`;
}

// ---------------------------------------------------------------------------------------------
// The API

/** POST /v1/customers.import: a dry run, or the whole import applied batch by batch. */
export async function importCustomers(ctx: Ctx, input: ImportCustomersInput, options: { now?: Date } = {}): Promise<ImportCustomersResponse> {
  authorize(ctx, "customers:write");
  const data = importCustomersInput.parse(input);
  const now = options.now ?? new Date();
  if (data.dry_run) {
    const rows = await dryRun(ctx, data.rows, now);
    return { import_id: null, dry_run: true, summary: summarize(rows), rows };
  }
  const staged = await stage(ctx, data.rows, { fileName: data.file_name ?? null, source: "api", now });
  const results = new Map<number, ImportRowResult>();
  for (;;) {
    const progress = await applyCustomerImportBatch(ctx, { import_id: staged.import.id }, { now });
    for (const row of progress.rows) results.set(row.row, row);
    if (progress.done) break;
  }
  const rows = [...results.values()].sort((a, b) => a.row - b.row);
  return { import_id: staged.import.id, dry_run: false, summary: summarize(rows), rows };
}

// ---------------------------------------------------------------------------------------------
// Reading and undoing

export async function getCustomerImport(ctx: Ctx, input: CustomerImportRefInput): Promise<CustomerImportView> {
  authorize(ctx, "customers:read");
  const { import_id } = customerImportRefInput.parse(input);
  const row = await db().customerImport.findFirst({ where: { id: import_id, env: ctx.env } });
  if (!row) throw importNotFound(import_id);
  return customerImportView(row);
}

/** The environment's latest imports that were applied (in part or whole), newest first; a dry run alone wrote nothing. */
export async function listCustomerImports(ctx: Ctx, options: { take?: number } = {}): Promise<CustomerImportView[]> {
  authorize(ctx, "customers:read");
  const rows = await db().customerImport.findMany({
    where: { env: ctx.env, status: { not: "staged" } },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 20, 100),
  });
  return rows.map(customerImportView);
}

/** The rows an import skipped (dry run or applied), with the values they were mapped to. */
export async function listSkippedImportRows(ctx: Ctx, input: CustomerImportRefInput) {
  authorize(ctx, "customers:read");
  const { import_id } = customerImportRefInput.parse(input);
  const found = await db().customerImport.findFirst({ where: { id: import_id, env: ctx.env }, select: { id: true } });
  if (!found) throw importNotFound(import_id);
  const rows = await db().customerImportRow.findMany({ where: { importId: import_id, outcome: "skip" }, orderBy: { rowNumber: "asc" } });
  return rows.map((row) => ({ row: row.rowNumber, data: importRowSchema.parse(row.data), reason: row.reason, message: row.message }));
}

export type UndoneImport = { import: CustomerImportView; deleted: number };

/**
 * Deletes the customers the import created (with their plans and balances), while none of them
 * has been claimed (a pending customer matched at sign-up), billed (linked to Stripe, or a plan
 * billed by a subscription) or had another customer merged into it; refused with the reason
 * otherwise. Customers it updated keep their changes. The import cannot be applied further afterwards.
 */
export async function undoCustomerImport(ctx: Ctx, input: CustomerImportRefInput): Promise<UndoneImport> {
  authorize(ctx, "customers:write");
  const { import_id } = customerImportRefInput.parse(input);
  return db().$transaction(async (tx) => {
    const current = await lockImport(tx, ctx, import_id);
    if (current.status === "undone") throw new DomainError("conflict", "This import was already undone");
    // Lock its customers, so none is claimed or billed between the check and the delete.
    const customers = await tx.$queryRaw<{ id: string; claimed_at: Date | null; stripe_id: string | null; external_id: string | null }[]>`
      select id, claimed_at, stripe_id, external_id from customers where import_id = ${import_id} and env = ${ctx.env}::"Env" order by id for update`;
    const claimed = customers.filter((c) => c.claimed_at !== null);
    if (claimed.length > 0) {
      throw new DomainError("conflict", `This import cannot be undone: ${claimed.length} of its customers ${claimed.length === 1 ? "has" : "have"} been claimed since (they signed up).`, {
        details: { reason: "claimed", customerIds: claimed.slice(0, 20).map((c) => c.id) },
      });
    }
    const ids = customers.map((c) => c.id);
    const billedPlans = ids.length === 0 ? [] : await tx.customerPlan.findMany({ where: { customerId: { in: ids }, stripeSubscriptionId: { not: null } }, select: { customerId: true } });
    const billed = [...new Set([...customers.filter((c) => c.stripe_id !== null).map((c) => c.id), ...billedPlans.map((p) => p.customerId)])];
    if (billed.length > 0) {
      throw new DomainError("conflict", `This import cannot be undone: ${billed.length} of its customers ${billed.length === 1 ? "has" : "have"} been billed since (linked to Stripe).`, {
        details: { reason: "billed", customerIds: billed.slice(0, 20) },
      });
    }
    // A customer another was merged into holds more than the import made (the merged one's plans,
    // usage, events, and its id answering as this one): deleting it would delete those too.
    const merged = ids.length === 0 ? [] : await tx.customerAlias.findMany({ where: { env: ctx.env, customerId: { in: ids } }, distinct: ["customerId"], select: { customerId: true } });
    if (merged.length > 0) {
      throw new DomainError("conflict", `This import cannot be undone: ${merged.length} of its customers ${merged.length === 1 ? "has" : "have"} had another customer merged into ${merged.length === 1 ? "it" : "them"} since.`, {
        details: { reason: "merged", customerIds: merged.slice(0, 20).map((m) => m.customerId) },
      });
    }
    const deleted = ids.length === 0 ? 0 : (await tx.customer.deleteMany({ where: { id: { in: ids } } })).count;
    const now = new Date();
    const after = await tx.customerImport.update({ where: { id: import_id }, data: { status: "undone", undoneAt: now } });
    await recordAuditEvent(tx, ctx, {
      action: "customer_import.undone",
      targetType: "customer_import",
      targetId: import_id,
      target: { importId: import_id, fileName: after.fileName, source: after.source },
      before: { status: current.status, created: current.createdCount, updated: current.updatedCount, skipped: current.skippedCount },
      after: { status: "undone", deleted },
    });
    return { import: customerImportView(after), deleted };
  }, TRANSACTION_OPTIONS);
}
