// The import graph of app/, components/ and lib/, read with the TypeScript compiler: no loop, not
// even through `import type` (import/no-cycle in eslint.config.mjs cannot see those: a type-only
// loop still ties two modules together for the reader), and no import against the layering.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const options: ts.CompilerOptions = { moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, baseUrl: root, paths: { "@/*": ["./*"] }, jsx: ts.JsxEmit.ReactJSX };
const host = ts.createCompilerHost(options);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Each module's imports of our own modules (static, re-exports, `import()`, type-only too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of ["app", "components", "lib"].flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const imports: string[] = [];
    const visit = (node: ts.Node) => {
      const specifier =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier.text
          : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])
            ? node.arguments[0].text
            : undefined;
      const resolved = specifier && ts.resolveModuleName(specifier, file, options, host).resolvedModule?.resolvedFileName;
      if (resolved && resolved.startsWith(root) && !resolved.includes("node_modules")) imports.push(resolved);
      ts.forEachChild(node, visit);
    };
    visit(source);
    graph.set(file, imports);
  }
  return graph;
}

/** The groups of modules that import each other round (Tarjan's strongly connected components). */
function loops(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const connect = (vertex: string) => {
    index.set(vertex, next);
    low.set(vertex, next++);
    stack.push(vertex);
    for (const imported of graph.get(vertex) ?? []) {
      if (!graph.has(imported)) continue;
      if (!index.has(imported)) {
        connect(imported);
        low.set(vertex, Math.min(low.get(vertex)!, low.get(imported)!));
      } else if (stack.includes(imported)) low.set(vertex, Math.min(low.get(vertex)!, index.get(imported)!));
    }
    if (low.get(vertex) !== index.get(vertex)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      group.push(path.relative(root, member));
    } while (member !== vertex);
    if (group.length > 1 || graph.get(vertex)!.includes(vertex)) found.push(group.sort());
  };
  for (const vertex of graph.keys()) if (!index.has(vertex)) connect(vertex);
  return found;
}

const layer = (file: string) => path.relative(root, file).split(path.sep)[0];
const FORBIDDEN: Record<string, string[]> = { lib: ["app", "components"], components: ["app"] };

describe("the import graph", () => {
  const graph = importGraph();

  it("has no import loop, type-only imports included", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(loops(graph)).toEqual([]);
  });

  it("points one way: app/ -> components/ -> lib/", () => {
    const against = [...graph].flatMap(([file, imports]) =>
      imports.filter((imported) => FORBIDDEN[layer(file)!]?.includes(layer(imported)!)).map((imported) => `${path.relative(root, file)} -> ${path.relative(root, imported)}`),
    );
    expect(against).toEqual([]);
  });
});
