// Housekeeping forgets Idempotency-Key answers past their 24-hour retention, and nothing else:
// recent answers, and track's own keys (which live as long as their usage events), stay.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import { unique } from "@/tests/factories";
import { runMaintenanceOnce } from "./run-maintenance";

async function record(scope: string, hoursAgo: number) {
  const id = newId("idm");
  await db().$executeRaw`
    insert into idempotency_records (id, env, scope, key, request_hash, status, response, created_at)
    values (${id}, 'sandbox', ${scope}, ${unique("key")}, 'hash', 200, '"{}"'::jsonb, now() - make_interval(hours => ${hoursAgo}))`;
  return id;
}

describe("maintenance", () => {
  it("deletes HTTP Idempotency-Key answers older than 24 hours, keeps recent ones and track's keys", async () => {
    const expired = [await record("http", 25), await record("http", 24 * 30)];
    const recent = await record("http", 23);
    const trackKey = await record("track", 24 * 30);

    const { idempotencyRecordsDeleted } = await runMaintenanceOnce();
    expect(idempotencyRecordsDeleted).toBeGreaterThanOrEqual(2);

    const left = await db().$queryRaw<{ id: string }[]>`select id from idempotency_records where id = any(${[...expired, recent, trackKey]}::text[])`;
    expect(left.map((row) => row.id).sort()).toEqual([recent, trackKey].sort());
  });
});
