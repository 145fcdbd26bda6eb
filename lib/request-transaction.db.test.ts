// The request's write transaction: statements run in it commit together at its end (or not at
// all), and a statement that fails inside it (a deadlock victim about to be retried) leaves the
// transaction usable, with what was written before it kept.
import { describe, expect, it } from "vitest";
import { pool } from "@/lib/db";
import { unique } from "@/tests/factories";
import { inRequestTransactionScope, runWriteStatement } from "./request-transaction";

const insert = (key: string) => (client: Parameters<Parameters<typeof runWriteStatement>[0]>[0]) =>
  client.query(`insert into rate_limits (bucket, window_start, hits, expires_at) values ($1, now(), 1, now() + interval '1 hour')`, [key]);
const count = async (prefix: string) => Number((await pool().query(`select count(*) from rate_limits where bucket like $1`, [`${prefix}%`])).rows[0].count);

describe("request transaction", () => {
  it("commits every write of the scope at once, keeping those before a failed statement", async () => {
    const prefix = unique("rt");
    const { client, end } = await inRequestTransactionScope(async () => {
      await runWriteStatement(insert(`${prefix}:a`));
      await expect(runWriteStatement((c) => c.query("select 1 / 0"))).rejects.toMatchObject({ code: "22012" });
      await runWriteStatement(insert(`${prefix}:b`));
      // Not visible outside before the end.
      expect(await count(prefix)).toBe(0);
    });
    expect(client).toBeDefined();
    await end(true);
    expect(await count(prefix)).toBe(2);
  });

  it("writes nothing when the work fails, and commits on its own outside a scope", async () => {
    const prefix = unique("rt");
    await expect(
      inRequestTransactionScope(async () => {
        await runWriteStatement(insert(`${prefix}:a`));
        throw new Error("handler failed");
      }),
    ).rejects.toThrow("handler failed");
    expect(await count(prefix)).toBe(0);
    await runWriteStatement(insert(`${prefix}:c`));
    expect(await count(prefix)).toBe(1);
  });
});
