-- A job with a dedupe key replaces the pending jobs with the same key (lib/outbox/enqueue-outbox-job.ts):
-- each emit deletes `where dedupe_key = $1 and status = 'pending'`. Without an index on the key that
-- read every pending job (the status index), so each claim, Stripe-linked change or merge cost more
-- the more jobs were waiting. Partial: only pending jobs are ever looked up by key.
-- (A partial index cannot be declared in schema.prisma; see its header.)
CREATE INDEX "outbox_jobs_pending_dedupe_key_idx" ON "outbox_jobs" ("dedupe_key") WHERE "status" = 'pending';
