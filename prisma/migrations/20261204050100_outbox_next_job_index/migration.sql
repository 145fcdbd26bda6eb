-- The outbox worker takes the next job with `where status = 'pending' and run_after <= now()
-- order by run_after, id limit 1 for update skip locked` (lib/outbox/run-outbox.ts). The index on
-- (status, run_after) could not give the `id` order, so every pick sorted every due job: 14 ms
-- with 20,000 waiting, once per job, and a burst of claims (two jobs each) drained ever slower
-- while taking the database's CPU from the requests. With `id` in the index the pick is the
-- first index entry; the index it replaces was its prefix.
DROP INDEX "outbox_jobs_status_run_after_idx";
CREATE INDEX "outbox_jobs_status_run_after_id_idx" ON "outbox_jobs"("status", "run_after", "id");
