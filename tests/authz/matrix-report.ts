// The size and content of an authorization matrix, kept in test-results/authz/<name>.json for the
// report and printed.
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(import.meta.dirname, "../../test-results/authz");

export function recordMatrix(name: string, cells: { expected: string }[]) {
  if (cells.length === 0) return;
  fs.mkdirSync(dir, { recursive: true });
  const refused = cells.filter((c) => c.expected === "refused").length;
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify({ name, cells: cells.length, refused, allowed: cells.length - refused, matrix: cells }, null, 2)}\n`);
  console.log(`[authz] ${name}: ${cells.length} cells (${refused} must refuse)`);
}
