// The import part (`npm run bench -- import [--rows=10000]`): a file of 10,000 customers to
// pre-create, the way sales hands one over (7 in 10 with an id, the rest pending; half on the Pro
// plan at a negotiated price, some starting next quarter; two metadata columns), dry-run then
// applied through the import's own domain functions, batch by batch, as the dashboard's progress
// bar drives them. The target: the apply under 30 s. Alone, it needs no build and no server.
import pg from "pg";
import { newId } from "../../lib/ids";
import type { Ctx } from "../../lib/context";
import { applyCustomerImportBatch, stageCustomerImport } from "../../lib/customers/import/customer-imports";
import type { ImportRowInput } from "../../lib/customers/import/schemas";
import { ENV } from "../lib/catalog";
import type { Log } from "../lib/progress";
import { round } from "../lib/stats";

export const IMPORT_ROWS = 10_000;
export const IMPORT_TARGET_SECONDS = 30;

export type ImportPartResult = { rows: number; batches: number; dryRunSeconds: number; applySeconds: number; created: number; skipped: number; rowsPerSecond: number };

export function importRows(count: number, tag: string): ImportRowInput[] {
  return Array.from({ length: count }, (_, i) => ({
    ...(i % 10 < 7 ? { id: `${tag}_${i}` } : {}),
    name: `Account ${i}`,
    email: `contact_${i}@${tag}.example`,
    ...(i % 2 === 0 ? { plan_id: "pro", price: `${1000 + (i % 500)},50`, currency: "EUR", ...(i % 8 === 0 ? { starts_at: "2099-01-01" } : {}) } : {}),
    metadata: { crm_id: `crm-${i}`, region: i % 3 === 0 ? "EU" : "US" },
  }));
}

export async function runImportPart(options: { client: pg.Client; log: Log; rows?: number }): Promise<ImportPartResult> {
  const { client, log } = options;
  const rows = options.rows ?? IMPORT_ROWS;
  const userId = `bench_staff_${Date.now()}`;
  await client.query(`insert into users (id, email, name, role) values ($1, $2, 'Bench staff', 'staff') on conflict do nothing`, [userId, `${userId}@equinox.test`]);
  const ctx: Ctx = { env: ENV, actor: { kind: "staff", userId, email: `${userId}@equinox.test`, role: "staff" }, requestId: newId("req") };
  const file = importRows(rows, `bench${Date.now()}`);

  log(`dry run of ${rows.toLocaleString("en")} rows`);
  let started = performance.now();
  const staged = await stageCustomerImport(ctx, { rows: file, file_name: "bench.csv" });
  const dryRunSeconds = (performance.now() - started) / 1000;

  log(`applying (${staged.summary.create + staged.summary.create_pending} to create)`);
  started = performance.now();
  let batches = 0;
  let progress: Awaited<ReturnType<typeof applyCustomerImportBatch>>;
  do {
    progress = await applyCustomerImportBatch(ctx, { import_id: staged.import.id });
    batches++;
  } while (!progress.done);
  const applySeconds = (performance.now() - started) / 1000;
  const { rows: [count] } = await client.query<{ n: string }>(`select count(*) as n from customers where import_id = $1`, [staged.import.id]);
  if (Number(count?.n) !== progress.import.created) throw new Error(`import bench: ${count?.n} customers written, ${progress.import.created} counted`);
  return {
    rows,
    batches,
    dryRunSeconds: round(dryRunSeconds, 2),
    applySeconds: round(applySeconds, 2),
    created: progress.import.created,
    skipped: progress.import.skipped,
    rowsPerSecond: Math.round(rows / applySeconds),
  };
}

export function importTable(result: ImportPartResult): string {
  const verdict = result.applySeconds < IMPORT_TARGET_SECONDS ? "meets" : "MISSES";
  return [
    `Import of ${result.rows.toLocaleString("en")} customers (${result.batches} batches): ${result.created.toLocaleString("en")} created, ${result.skipped} skipped`,
    `  dry run  ${result.dryRunSeconds.toFixed(2)} s`,
    `  apply    ${result.applySeconds.toFixed(2)} s (${result.rowsPerSecond.toLocaleString("en")} rows/s): ${verdict} the ${IMPORT_TARGET_SECONDS} s target`,
  ].join("\n");
}

/** `npm run bench -- import`: its own PostgreSQL (migrated, durable), the catalog, the run, a table and bench/results/tmp/import.json. */
export async function runImportAlone(log: Log): Promise<void> {
  const { startBenchDatabase } = await import("../lib/database");
  const { seedCatalog } = await import("../lib/catalog");
  const { machineInfo } = await import("../lib/machine");
  const { TMP_DIR } = await import("../lib/processes");
  const { progress } = await import("../lib/progress");
  const fs = await import("node:fs");
  const path = await import("node:path");
  const { randomBytes } = await import("node:crypto");
  const rowsFlag = process.argv.map((arg) => /^--rows=(\d+)$/.exec(arg)?.[1]).find(Boolean);
  const database = await startBenchDatabase(log);
  try {
    log(`PostgreSQL ${database.version} (${database.where})`);
    process.env.DATABASE_URL = database.url;
    process.env.AUTH_SECRET ??= randomBytes(32).toString("base64url");
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on("error", () => undefined);
    await seedCatalog(client);
    const result = await runImportPart({ client, log: progress("import"), rows: rowsFlag ? Number(rowsFlag) : undefined });
    await client.end();
    process.stdout.write(`\n${importTable(result)}\n\n`);
    const file = path.join(TMP_DIR, "import.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), postgresql: database.version, import: result }, null, 2)}\n`);
    process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}.\n`);
  } finally {
    const { closeDb } = await import("../../lib/db");
    await closeDb().catch(() => undefined);
    await database.stop().catch(() => undefined);
  }
}
