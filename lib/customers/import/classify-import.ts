// Decides what each row of an import does, against what the database holds now: a handful of
// set-based lookups for a whole batch (ids, pending emails, plans), then the pure rules
// (row-rules.ts). The dry run and every applied batch go through here, so they decide alike.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import type { Db, Tx } from "@/lib/db";
import { currentVersionInclude, toPlanView, type PlanView } from "@/lib/plans/plan-view";
import { classifyRows, judgeRow, type Classified, type ImportLookups } from "./row-rules";
import type { ImportRow } from "./schemas";

export type ClassifiedBatch = { classified: Classified[]; plans: Map<string, PlanView> };

export async function classifyImportRows(client: Db | Tx, env: Env, rows: readonly ImportRow[], options: { importId: string | null; now: Date }): Promise<ClassifiedBatch> {
  const judged = rows.map((row) => judgeRow(row, options.now));
  const valid = judged.flatMap((entry) => (entry.ok ? [entry.row] : []));
  const ids = [...new Set(valid.flatMap((row) => (row.externalId !== null ? [row.externalId] : [])))];
  const emails = [...new Set(valid.flatMap((row) => (row.externalId === null && row.emailNormalized ? [row.emailNormalized] : [])))];
  const planIds = [...new Set(valid.flatMap((row) => (row.planId !== null ? [row.planId] : [])))];

  const [byId, pending, planRows] = await Promise.all([
    ids.length === 0
      ? []
      : client.$queryRaw<{ id: string; external_id: string; import_id: string | null }[]>`
          select id, external_id, import_id from customers where env = ${env}::"Env" and external_id = any(${ids}::text[])`,
    emails.length === 0
      ? []
      : client.$queryRaw<{ id: string; email_normalized: string; import_id: string | null }[]>`
          select id, email_normalized, import_id from customers
          where env = ${env}::"Env" and external_id is null and email_normalized = any(${emails}::text[])`,
    planIds.length === 0 ? [] : client.plan.findMany({ where: { env, planId: { in: planIds }, archivedAt: null }, include: currentVersionInclude }),
  ]);
  const plans = new Map(planRows.map((plan) => [plan.planId, toPlanView(plan)]));
  const lookups: ImportLookups = {
    existingIds: new Map(byId.map((row) => [row.external_id, { customerId: row.id, importId: row.import_id }])),
    pendingEmails: new Map(pending.map((row) => [row.email_normalized, { customerId: row.id, importId: row.import_id }])),
    plans: new Set(plans.keys()),
    importId: options.importId,
  };
  return { classified: classifyRows(judged, lookups), plans };
}
