// The start-up check of the pooler: a direct connection is fine; PgBouncer in transaction mode is
// recognised, and one that drops prepared statements (1.18 here, as Debian ships it) is refused
// with the setting to change, unless the statements are sent unnamed.
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgBouncer, type PgBouncer } from "@/ops-tests/harness/pgbouncer";
import { checkDatabasePooling } from "./db-pooling";

let bouncer: PgBouncer;

beforeAll(async () => {
  bouncer = await startPgBouncer(process.env.DATABASE_URL!, path.join(os.tmpdir(), `equinox-pooling-check-${process.pid}.log`));
});

afterAll(async () => {
  await bouncer?.stop();
});

describe("checkDatabasePooling", () => {
  it("finds no pooler on a direct connection, prepared statements and all", async () => {
    expect(await checkDatabasePooling({ connectionString: process.env.DATABASE_URL!, preparedStatements: true })).toEqual({ pooling: "none" });
  });

  it("recognises PgBouncer in transaction mode, and says to send statements unnamed when it drops them", async () => {
    const withUnnamed = await checkDatabasePooling({ connectionString: bouncer.url, preparedStatements: false });
    expect(withUnnamed).toEqual({ pooling: "transaction" });
    const named = await checkDatabasePooling({ connectionString: bouncer.url, preparedStatements: true });
    if (bouncer.appEnv.DATABASE_PREPARED_STATEMENTS === "false") {
      expect(named).toEqual({ pooling: "transaction", problem: expect.stringContaining("DATABASE_PREPARED_STATEMENTS=false") });
    } else {
      expect(named).toEqual({ pooling: "transaction" });
    }
  });
});
