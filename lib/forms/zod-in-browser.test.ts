// Every module that builds a zod object schema and can reach the browser (anything not marked
// "server-only") imports lib/forms/zod-in-browser.ts before zod, so that zod never probes for
// `eval` under the pages' CSP. Missing it showed up as a CSP violation on the sign-in page.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SETUP = /^import "@\/lib\/forms\/zod-(in-browser|resolver)";|^import \{ zodResolver \} from "@\/lib\/forms\/zod-resolver";/m;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return ["generated", "node_modules", "openapi"].includes(entry.name) ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("zod in the browser", () => {
  it("is set up before any object schema is built by code that can run there", () => {
    const missing: string[] = [];
    for (const file of [...sources(path.join(ROOT, "lib")), ...sources(path.join(ROOT, "components"))]) {
      const source = fs.readFileSync(file, "utf8");
      if (!source.includes("z.object(") || source.includes('import "server-only"')) continue;
      const setup = SETUP.exec(source);
      const zod = /^import .* from "zod";/m.exec(source);
      if (!setup || (zod && zod.index < setup.index)) missing.push(path.relative(ROOT, file));
    }
    expect(missing, 'import "@/lib/forms/zod-in-browser" first in these').toEqual([]);
  });
});
