// A subscriber's `wanted` (job-handlers.ts) decides, where its job is written, whether it is:
// false or a false SQL condition writes no job and leaves a pending job with the same key alone.
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma";
import { db } from "@/lib/db";
import { unique } from "@/tests/factories";
import { writeOutboxJobs } from "./enqueue-outbox-job";
import { jobHandlers } from "./job-handlers";

const NEVER = "test.wanted.never";
const BY_FLAG = "test.wanted.by_flag";
const ALWAYS = "test.wanted.always";
const FOREIGN = "test.wanted.foreign";
jobHandlers[NEVER] = { run: async () => undefined, wanted: () => false };
// The condition runs in the writing statement: here it reads the payload's flag back from SQL.
jobHandlers[BY_FLAG] = { run: async () => undefined, wanted: (job) => Prisma.sql`${(job.payload as { flag: boolean }).flag}::boolean` };
jobHandlers[ALWAYS] = { run: async () => undefined };
// A condition built by another copy of the Prisma module (another layer of a Next.js build): the
// same strings and values, not an instance of this copy's Sql class.
jobHandlers[FOREIGN] = {
  run: async () => undefined,
  wanted: (job) => {
    const sql = Prisma.sql`${(job.payload as { flag: boolean }).flag}::boolean`;
    return { strings: sql.strings, values: sql.values } as unknown as Prisma.Sql;
  },
};

afterAll(async () => {
  await db().outboxJob.deleteMany({ where: { kind: { in: [NEVER, BY_FLAG, ALWAYS, FOREIGN] } } });
  for (const kind of [NEVER, BY_FLAG, ALWAYS, FOREIGN]) delete jobHandlers[kind];
});

const write = (jobs: { kind: string; flag?: boolean; key: string }[]) =>
  db().$transaction((tx) => writeOutboxJobs(tx, jobs.map(({ kind, flag, key }) => ({ env: "sandbox" as const, kind, payload: { flag: flag ?? true, key }, dedupeKey: key }))));
const pendingWith = (key: string) => db().outboxJob.findMany({ where: { dedupeKey: key, status: "pending" }, select: { kind: true, payload: true } });

describe("a subscriber's wanted", () => {
  it("writes the jobs wanted, by JavaScript or by SQL, and only those", async () => {
    const keys = { never: unique("k"), off: unique("k"), on: unique("k"), always: unique("k") };
    await write([
      { kind: NEVER, key: keys.never },
      { kind: BY_FLAG, flag: false, key: keys.off },
      { kind: BY_FLAG, flag: true, key: keys.on },
      { kind: ALWAYS, key: keys.always },
    ]);
    expect(await pendingWith(keys.never)).toEqual([]);
    expect(await pendingWith(keys.off)).toEqual([]);
    expect(await pendingWith(keys.on)).toEqual([{ kind: BY_FLAG, payload: { flag: true, key: keys.on } }]);
    expect(await pendingWith(keys.always)).toEqual([{ kind: ALWAYS, payload: { flag: true, key: keys.always } }]);
  });

  it("a job not wanted leaves the pending job with its key; a wanted one replaces it", async () => {
    const key = unique("k");
    await write([{ kind: ALWAYS, key }]);
    const first = await db().outboxJob.findFirstOrThrow({ where: { dedupeKey: key, status: "pending" } });
    await write([{ kind: BY_FLAG, flag: false, key }]);
    await write([{ kind: NEVER, key }]);
    expect((await db().outboxJob.findMany({ where: { dedupeKey: key, status: "pending" } })).map((job) => job.id)).toEqual([first.id]);
    await write([{ kind: BY_FLAG, flag: true, key }]);
    expect(await pendingWith(key)).toEqual([{ kind: BY_FLAG, payload: { flag: true, key } }]);
  });

  it("takes a condition built by another copy of the Prisma module as SQL, not as a value", async () => {
    const keys = { off: unique("k"), on: unique("k") };
    await write([{ kind: FOREIGN, flag: false, key: keys.off }, { kind: FOREIGN, flag: true, key: keys.on }]);
    expect(await pendingWith(keys.off)).toEqual([]);
    expect(await pendingWith(keys.on)).toEqual([{ kind: FOREIGN, payload: { flag: true, key: keys.on } }]);
  });

  it("writes nothing, and fails nothing, when no job is wanted", async () => {
    const key = unique("k");
    await expect(write([{ kind: NEVER, key }, { kind: BY_FLAG, flag: false, key }])).resolves.toBeUndefined();
    expect(await pendingWith(key)).toEqual([]);
  });
});
