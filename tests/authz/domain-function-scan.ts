// Finds every exported domain function in lib/ that takes a context (a first parameter typed
// `Ctx`, `PortalCtx`, ...: any type named *Ctx), with the TypeScript compiler's parser, and what
// its body does about authorization: which permissions it passes to `authorize(<ctx>, ...)` and
// which functions it calls (to check a hand-off to another domain function).
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export type ContextFunction = {
  /** `lib/plans/create-plan.ts#createPlan` */
  id: string;
  file: string;
  name: string;
  ctxType: string;
  /** Permissions passed to authorize(ctx, "…") in its body, in order. */
  permissions: string[];
  /** Whether its body calls authorize() on its context at all (a computed permission counts). */
  authorizes: boolean;
  /** Names of the functions its body calls. */
  calls: string[];
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function inspectBody(body: ts.Node, ctxName: string): Pick<ContextFunction, "permissions" | "authorizes" | "calls"> {
  const permissions: string[] = [];
  const calls = new Set<string>();
  let authorizes = false;
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name) calls.add(name);
      const [first, second] = node.arguments;
      if (name === "authorize" && first && ts.isIdentifier(first) && first.text === ctxName) {
        authorizes = true;
        if (second && ts.isStringLiteralLike(second)) permissions.push(second.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return { permissions: [...new Set(permissions)], authorizes, calls: [...calls].sort() };
}

function contextParameter(parameters: ts.NodeArray<ts.ParameterDeclaration>, source: ts.SourceFile): { name: string; type: string } | undefined {
  const first = parameters[0];
  if (!first?.type || !ts.isIdentifier(first.name)) return undefined;
  const type = first.type.getText(source);
  return /^\w*Ctx$/.test(type) ? { name: first.name.text, type } : undefined;
}

/** Every exported function of lib/ whose first parameter is a context. */
export function contextFunctions(): ContextFunction[] {
  const found: ContextFunction[] = [];
  for (const full of sourceFiles(path.join(ROOT, "lib"))) {
    const file = path.relative(ROOT, full);
    const source = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.Latest, true);
    const add = (name: string, fn: ts.SignatureDeclarationBase & { body?: ts.Node }) => {
      const ctx = contextParameter(fn.parameters, source);
      if (!ctx || !fn.body) return;
      found.push({ id: `${file}#${name}`, file, name, ctxType: ctx.type, ...inspectBody(fn.body, ctx.name) });
    };
    for (const statement of source.statements) {
      if (!isExported(statement)) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name) add(statement.name.text, statement);
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) add(declaration.name.text, init);
        }
      }
    }
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}
