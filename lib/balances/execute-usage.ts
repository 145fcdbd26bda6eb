// Runs the check/track statement, applying what is due (plan starts and ends, balance resets)
// and retrying when the statement says so, and mapping what it found missing to API errors.
import "server-only";
import { customerNotFound } from "@/lib/errors";
import { db } from "@/lib/db";
import { findAliasedCustomerId } from "@/lib/customers/customer-queries";
import { featureNotFound } from "@/lib/features/feature-view";
import { applyDueChangesOnce } from "@/lib/plans/apply-due-changes";
import { entityNotFound } from "@/lib/entities/entity-errors";
import { createEntityUsageRows } from "@/lib/entities/entity-usage-rows";
import { rollbackRequestTransaction } from "@/lib/request-transaction";
import { runUsageStatement, type UsageStatementInput, type UsageStatementRow } from "./usage-statement";

const MAX_DUE_ROUNDS = 3;
const MAX_LOCK_RETRIES = 3;
// Deadlock and serialization failures are safe to retry: the statement had no effect.
const RETRYABLE = new Set(["40P01", "40001"]);

export async function executeUsage(request: UsageStatementInput): Promise<UsageStatementRow & { customer_pk: string; customer_api_id: string }> {
  let input = request;
  for (let round = 0; ; round++) {
    const row = await runWithRetry(input);
    if (!row.customer_pk || !row.customer_api_id) {
      // A merged customer's id answers as the survivor: looked up only on a miss, then run again.
      const survivorId = input === request ? await findAliasedCustomerId(db(), input.env, input.customerId) : undefined;
      if (survivorId === undefined) throw customerNotFound(request.customerId);
      input = { ...input, customerId: survivorId };
      continue;
    }
    const missing = input.featureIds.find((id) => !row.found_features.includes(id));
    if (missing) throw featureNotFound(missing);
    if (input.entityId && !row.entity_pk && !row.previous) throw entityNotFound(input.entityId);
    // First write for this entity on a per-entity grant: create its usage rows, then decide again.
    if (row.entity_pk && row.entity_rows_missing.length > 0 && input.mode !== "read" && !row.previous) {
      if (round >= MAX_DUE_ROUNDS) throw new Error(`Usage rows of entity ${row.entity_pk} could not be created`);
      // The statement changed nothing; its locks must not be held while another connection writes.
      await rollbackRequestTransaction();
      await createEntityUsageRows(row.entity_pk, row.entity_rows_missing, input.now);
      continue;
    }
    const due = row.transitions_due || row.reset_due;
    if (due && !row.previous) {
      if (round >= MAX_DUE_ROUNDS) throw new Error(`Due changes for customer ${row.customer_pk} could not be applied`);
      await rollbackRequestTransaction();
      await applyDueChangesOnce(input.env, row.customer_pk, input.now);
      continue;
    }
    return { ...row, customer_pk: row.customer_pk, customer_api_id: row.customer_api_id };
  }
}

async function runWithRetry(input: UsageStatementInput): Promise<UsageStatementRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runUsageStatement(input);
    } catch (error) {
      const code = (error as { code?: string }).code;
      // The customer was deleted while we were recording its usage.
      if (code === "23503") throw customerNotFound(input.customerId);
      if (code && RETRYABLE.has(code) && attempt < MAX_LOCK_RETRIES) continue;
      throw error;
    }
  }
}
