// The lint rules that keep the layers pointing one way (app/ -> components/ -> lib/) and the
// import graph free of loops (eslint.config.mjs) are checked here against the real config, so a
// config change that quietly turns them off fails a test rather than letting the house fold back.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
let eslint: ESLint;
let probes: ESLint;

beforeAll(() => {
  // `ignore: false`: the loop fixtures are ignored by `eslint .` (they are loops on purpose).
  eslint = new ESLint({ cwd: root, ignore: false });
  // The probes below are source texts at paths with no file behind them, which import/no-cycle
  // cannot follow (it reads the graph from disk); the loop fixtures are real files.
  probes = new ESLint({ cwd: root, overrideConfig: { rules: { "import/no-cycle": "off" } } });
});

/** The rules that fired for a source text linted as if it lived at `file`. */
async function rulesFor(file: string, code: string): Promise<string[]> {
  const [result] = await probes.lintText(code, { filePath: path.join(root, file) });
  return [...new Set(result!.messages.map((message) => message.ruleId ?? message.message))].sort();
}

const LAYERING = ["import/no-restricted-paths", "no-restricted-imports"];
// The first lint loads the whole ESLint configuration (Next.js's Babel and TypeScript parsers).
const slow = { timeout: 120_000 };

describe("the layering lint rule", slow, () => {
  it("refuses an import from lib/ into components/ or app/, written with @/ or relative", async () => {
    expect(await rulesFor("lib/customers/layering-probe.ts", 'export { Button } from "@/components/ui/button";\n')).toEqual(LAYERING);
    expect(await rulesFor("lib/customers/layering-probe.ts", 'export { GET } from "../../app/api/dashboard/customers/route";\n')).toEqual(LAYERING);
  });

  it("refuses an import from components/ into app/, and a lazy one too", async () => {
    expect(await rulesFor("components/customers/layering-probe.tsx", 'export { GET } from "@/app/api/dashboard/customers/route";\n')).toEqual(LAYERING);
    expect(await rulesFor("components/customers/layering-probe.tsx", 'export const load = () => import("../../app/api/dashboard/customers/route");\n')).toEqual([
      "import/no-restricted-paths",
    ]);
  });

  it("lets the layers import downwards", async () => {
    expect(await rulesFor("app/api/dashboard/layering-probe.ts", 'export { Button } from "@/components/ui/button";\nexport { db } from "@/lib/db";\n')).toEqual([]);
    expect(await rulesFor("components/customers/layering-probe.tsx", 'export { queryKeys } from "@/lib/query-keys";\n')).toEqual([]);
  });
});

describe("the import loop lint rule", slow, () => {
  it("finds a loop, plain or closed by a lazy import()", async () => {
    const results = await eslint.lintFiles(["tests/lint/fixtures/*.ts"]);
    const fired = Object.fromEntries(results.map((result) => [path.basename(result.filePath), result.messages.map((message) => message.ruleId)]));
    expect(fired).toEqual({
      "loop-a.ts": ["import/no-cycle"],
      "loop-b.ts": ["import/no-cycle"],
      "lazy-loop-a.ts": ["import/no-cycle"],
      "lazy-loop-b.ts": ["import/no-cycle"],
    });
  });
});
