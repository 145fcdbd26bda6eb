// Is the database's schema the one this build expects? Every migration in prisma/migrations (the
// build's own copy: next.config.ts traces the folder into the standalone output, the container
// image copies it) must be recorded as applied in `_prisma_migrations`. A database that has more
// (a newer instance migrated it, expand-then-contract) is still current for this build.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { pool } from "@/lib/db";

export type SchemaStatus = { status: "current"; applied: number } | { status: "behind"; missing: string[] } | { status: "unknown"; error: string };

let expected: string[] | undefined;

/** The migration names this build ships, read once. */
export function expectedMigrations(dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations")): string[] {
  // turbopackIgnore: the folder is traced by next.config.ts's outputFileTracingIncludes instead.
  return (expected ??= fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort());
}

export async function schemaStatus(shipped?: string[]): Promise<SchemaStatus> {
  let names: string[];
  try {
    names = shipped ?? expectedMigrations();
  } catch {
    return { status: "unknown", error: "prisma/migrations is not part of this deployment" };
  }
  const { rows } = await pool().query<{ migration_name: string }>(
    `select migration_name from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`,
  );
  const applied = new Set(rows.map((row) => row.migration_name));
  const missing = names.filter((name) => !applied.has(name));
  return missing.length ? { status: "behind", missing } : { status: "current", applied: names.length };
}
