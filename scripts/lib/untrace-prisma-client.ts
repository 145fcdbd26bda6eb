// The generated Prisma client looks for its own files and for .env files relative to
// process.cwd(). Turbopack's file tracer cannot tell where that leads, so it takes the whole
// project into the standalone output (sources, tests, local data, .env), and a build fails when
// any project file changes under it. The client finds its files at run time without the tracer's
// help (its query compiler is bundled), so those lookups are marked for the tracer to ignore.
import fs from "node:fs";
import path from "node:path";

const IGNORE = "/*turbopackIgnore: true*/";
const FILES = ["index.js", "runtime/client.js"];

/** Marks the generated client's run-time file lookups; returns how many it marked. */
export function untracePrismaClient(clientDir: string): number {
  let marked = 0;
  for (const file of FILES) {
    const full = path.join(clientDir, file);
    if (!fs.existsSync(full)) continue;
    const source = fs.readFileSync(full, "utf8");
    // process.cwd() where a path is built from it, and the file-system calls that take such a path
    // (the tracer flags the call, not the variable that carries the path).
    const patched = source.replace(/(?<!turbopackIgnore: true\*\/)(process\.cwd\(\)|\.(?:existsSync|readFileSync|statSync)\()/g, (match) => {
      marked++;
      return match.startsWith(".") ? `${match}${IGNORE}` : `${IGNORE}${match}`;
    });
    if (patched !== source) fs.writeFileSync(full, patched);
  }
  return marked;
}
