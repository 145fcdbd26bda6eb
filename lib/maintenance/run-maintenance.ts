// One round of housekeeping (lib/maintenance/start-maintenance.ts runs it every 10 minutes).
import { deleteExpiredIdempotencyRecords } from "@/lib/api/idempotency-key";

export async function runMaintenanceOnce(): Promise<{ idempotencyRecordsDeleted: number }> {
  let deleted = 0;
  // Batches keep each statement short; a backlog is worked off within a few runs.
  for (let batch = 0; batch < 20; batch++) {
    const count = await deleteExpiredIdempotencyRecords();
    deleted += count;
    if (count === 0) break;
  }
  return { idempotencyRecordsDeleted: deleted };
}
