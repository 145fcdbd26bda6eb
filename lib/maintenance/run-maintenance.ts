// One round of housekeeping (lib/maintenance/start-maintenance.ts runs it every 10 minutes; tests
// call it once): expired Idempotency-Key answers go, and contracts move on (billing starts at a
// start date, renewals, ends, the owners' reminders: lib/billing/contracts/run-contracts.ts).
import { deleteExpiredIdempotencyRecords } from "@/lib/api/idempotency-key";
import { runContractsOnce, type ContractRun } from "@/lib/billing/contracts/run-contracts";

export async function runMaintenanceOnce(now: Date = new Date()): Promise<{ idempotencyRecordsDeleted: number; contracts: ContractRun }> {
  let deleted = 0;
  // Batches keep each statement short; a backlog is worked off within a few runs.
  for (let batch = 0; batch < 20; batch++) {
    const count = await deleteExpiredIdempotencyRecords();
    deleted += count;
    if (count === 0) break;
  }
  const contracts = await runContractsOnce(now);
  return { idempotencyRecordsDeleted: deleted, contracts };
}
