// How many generated cases ran, and what they were answered: printed, and kept in
// test-results/fuzz/<run>.json for the report.
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../../test-results/fuzz");

export class FuzzTally {
  readonly byRoute: Record<string, number> = {};
  readonly byStatus: Record<string, number> = {};
  readonly byCode: Record<string, number> = {};
  cases = 0;

  constructor(readonly run: string) {}

  count(route: string, status: number, code: string | undefined) {
    this.cases += 1;
    this.byRoute[route] = (this.byRoute[route] ?? 0) + 1;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    if (code) this.byCode[code] = (this.byCode[code] ?? 0) + 1;
  }

  save(extra: Record<string, unknown> = {}) {
    fs.mkdirSync(dir, { recursive: true });
    const report = { run: this.run, cases: this.cases, byStatus: this.byStatus, byCode: this.byCode, byRoute: this.byRoute, ...extra, at: new Date().toISOString() };
    fs.writeFileSync(path.join(dir, `${this.run}.json`), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`[fuzz] ${this.run}: ${this.cases} cases, statuses ${JSON.stringify(this.byStatus)}`);
  }
}

export function codeOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { code?: unknown };
    return typeof body?.code === "string" ? body.code : undefined;
  } catch {
    return undefined;
  }
}
