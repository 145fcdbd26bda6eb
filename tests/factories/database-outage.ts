// A database that is briefly unavailable (as when PostgreSQL restarts), for tests of what must
// survive it. A test file switches it in with
//   vi.mock("@/lib/db", async (importOriginal) => (await import("@/tests/factories/database-outage")).withOutageSwitch(await importOriginal()));
// after which db() answers a client over a server that refuses connections while
// withDatabaseUnavailable(fn) runs, and the real client otherwise. This module must not import
// "@/lib/db" itself (it is what gets mocked).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma";

const outage: { active: boolean; client?: PrismaClient } = { active: false };

function unreachableClient(): PrismaClient {
  const pool = new pg.Pool({ connectionString: "postgresql://equinox@127.0.0.1:1/unavailable", connectionTimeoutMillis: 1_000, max: 1 });
  pool.on("error", () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

export function withOutageSwitch<T extends { db: () => PrismaClient }>(real: T): T {
  return { ...real, db: () => (outage.active ? (outage.client ??= unreachableClient()) : real.db()) };
}

export async function withDatabaseUnavailable<T>(fn: () => Promise<T>): Promise<T> {
  outage.active = true;
  try {
    return await fn();
  } finally {
    outage.active = false;
  }
}
