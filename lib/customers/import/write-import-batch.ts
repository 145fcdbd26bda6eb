// Writes one classified batch of an import, in the caller's transaction (so the batch is written
// whole or not at all):
//   - new customers in one multi-row INSERT (the row insertCustomer writes, with the import's id
//     and the importer as owner), their "customer.created" audit events in one more, and their
//     plans (defaults, then the chosen plan at its negotiated price) set-based through
//     enablePlansForNewCustomers;
//   - existing customers one by one, through the update and enable-plan functions themselves,
//     each under a savepoint: a row the rules refuse is rolled back alone and reported as skipped.
import "server-only";
import { Prisma } from "@/lib/generated/prisma";
import { actorId, actorKind, actorLabel, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db";
import { newId } from "@/lib/ids";
import { isDomainError } from "@/lib/errors";
import { recordAuditEvents } from "@/lib/audit/record-audit-event";
import { emitCustomersCreated } from "@/lib/outbox/public-events";
import { enablePlanInTx } from "@/lib/plans/enable-plan";
import { enablePlansForNewCustomers } from "@/lib/plans/enable-plans-for-new-customers";
import type { PlanView } from "@/lib/plans/plan-view";
import type { EnablePlanOptions } from "@/lib/plans/schemas";
import { customerCreatedAudit, defaultOwnerId } from "../insert-customer";
import { applyUpdate } from "../update-customer";
import { updateCustomerInput } from "../schemas";
import type { Classified, ValidRow } from "./row-rules";
import type { ImportOutcome, SkipReason } from "./schemas";

export type WrittenRow = { rowNumber: number; outcome: ImportOutcome; reason: SkipReason | null; message: string | null; customerId: string | null };

/** A concurrent writer took an id or a pending email between the lookups and the insert: run the batch again. */
export class ImportBatchRace extends Error {}

const planOptions = (row: ValidRow): EnablePlanOptions => ({
  customPriceAmount: row.priceAmount,
  customCurrency: row.currency,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
});

export async function writeImportBatch(
  tx: Tx,
  ctx: Ctx,
  args: { importId: string; rows: { rowNumber: number; classified: Classified }[]; plans: Map<string, PlanView>; defaults: PlanView[]; now: Date },
): Promise<WrittenRow[]> {
  const { importId, plans, now } = args;
  const written = new Map<number, WrittenRow>();
  const creates: { rowNumber: number; id: string; row: ValidRow }[] = [];
  const updates: { rowNumber: number; customerId: string; row: ValidRow }[] = [];
  for (const { rowNumber, classified } of args.rows) {
    if (classified.outcome === "skip") written.set(rowNumber, { rowNumber, outcome: "skip", reason: classified.reason, message: classified.message, customerId: null });
    else if (classified.outcome === "update") updates.push({ rowNumber, customerId: classified.customerId!, row: classified.row });
    else creates.push({ rowNumber, id: newId("cus"), row: classified.row });
  }

  if (creates.length > 0) {
    const ownerId = defaultOwnerId(ctx);
    const inserted = await tx.$queryRaw<Parameters<typeof emitCustomersCreated>[2]>`
      insert into customers (id, env, external_id, name, email, email_normalized, metadata, send_email_receipts, updated_at,
                             created_by_kind, created_by_id, created_by_label, owner_id, import_id)
      select t.id, ${ctx.env}::"Env", t.external_id, t.name, t.email, t.email_normalized, t.metadata::jsonb, false, now(),
             ${actorKind(ctx.actor)}::"ActorKind", ${actorId(ctx.actor)}, ${actorLabel(ctx.actor)},
             (select u.id from users u where u.id = ${ownerId}), ${importId}
      from unnest(${creates.map((c) => c.id)}::text[], ${creates.map((c) => c.row.externalId)}::text[], ${creates.map((c) => c.row.name)}::text[],
                  ${creates.map((c) => c.row.email)}::text[], ${creates.map((c) => c.row.emailNormalized)}::text[],
                  ${creates.map((c) => JSON.stringify(c.row.metadata))}::text[])
           as t(id, external_id, name, email, email_normalized, metadata)
      on conflict do nothing
      returning id, external_id as "externalId", name, email, fingerprint, stripe_id as "stripeId", env, created_at as "createdAt", metadata`;
    if (inserted.length !== creates.length) throw new ImportBatchRace("a customer id or pending email was taken while the batch was written");
    // Outbound webhooks hear of imported customers as of any other new customer, before their
    // plans' customer.plan.enabled (as insertCustomer orders them).
    await emitCustomersCreated(tx, ctx.env, inserted);
    await recordAuditEvents(
      tx,
      ctx,
      creates.map(({ id, row }) => {
        const audit = customerCreatedAudit({ id, externalId: row.externalId, name: row.name, email: row.email, fingerprint: null, stripeId: null, metadata: row.metadata as Prisma.JsonObject, sendEmailReceipts: false });
        return { ...audit, target: { ...(audit.target as Prisma.JsonObject), importId } };
      }),
    );
    await enablePlansForNewCustomers(
      tx,
      ctx,
      creates.map(({ id, row }) => ({ customerId: id, plan: row.planId !== null ? plans.get(row.planId)! : null, options: planOptions(row) })),
      args.defaults,
      now,
    );
    for (const { rowNumber, id, row } of creates) {
      written.set(rowNumber, { rowNumber, outcome: row.externalId === null ? "create_pending" : "create", reason: null, message: null, customerId: id });
    }
  }

  for (const { rowNumber, customerId, row } of updates) {
    await tx.$executeRawUnsafe("savepoint import_row");
    try {
      await applyUpdate(
        tx,
        ctx,
        updateCustomerInput.parse({
          customer_id: customerId,
          ...(row.name !== null ? { name: row.name } : {}),
          ...(row.email !== null ? { email: row.email } : {}),
          ...(Object.keys(row.metadata).length > 0 ? { metadata: row.metadata } : {}),
        }),
      );
      if (row.planId !== null) await enablePlanInTx(tx, ctx, { customerId, plan: plans.get(row.planId)!, options: planOptions(row), now });
      await tx.$executeRawUnsafe("release savepoint import_row");
      written.set(rowNumber, { rowNumber, outcome: "update", reason: null, message: null, customerId });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      await tx.$executeRawUnsafe("rollback to savepoint import_row");
      written.set(rowNumber, { rowNumber, outcome: "skip", reason: "invalid_row", message: error.message, customerId: null });
    }
  }
  return args.rows.map(({ rowNumber }) => written.get(rowNumber)!);
}
