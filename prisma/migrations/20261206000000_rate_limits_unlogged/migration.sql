-- The shared rate-limit counters are written by every instance about four times a second while it
-- serves the API. As a logged table each of those upserts was a commit waiting for its WAL fsync,
-- and the fsyncs showed as the API's p99 at one connection (issue 16). Unlogged: no WAL, so no
-- fsync. The price: PostgreSQL empties the table after a crash, and a standby does not have it;
-- the limits then start counting again, as when a window turns over. (Prisma has no word for
-- UNLOGGED: schema.prisma keeps describing the table, and migrate diff does not see this.)
ALTER TABLE "rate_limits" SET UNLOGGED;
