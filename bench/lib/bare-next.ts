// The "bare Next.js" reference of the API part: bench/next-bare, a Next.js app with one route
// handler that answers 401 without any work, built once per change in its own directory under
// the temp directory (node_modules hard-linked from the checkout: the same Next.js version).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./processes";
import { runNextBuild } from "./build";

const SOURCE = path.join(ROOT, "bench", "next-bare");

function filesOf(dir: string, relative = ""): string[] {
  return fs.readdirSync(path.join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const child = path.join(relative, entry.name);
    return entry.isDirectory() ? filesOf(dir, child) : [child];
  });
}

/** The directory of an up-to-date build of bench/next-bare. */
export async function ensureBareNextBuild(log: (line: string) => void): Promise<string> {
  const files = filesOf(SOURCE);
  const fingerprint = createHash("sha256")
    .update(fs.readFileSync(path.join(ROOT, "package-lock.json")))
    .update(files.map((file) => `${file}\n${fs.readFileSync(path.join(SOURCE, file), "utf8")}`).join("\n"))
    .digest("hex");
  const dir = path.join(os.tmpdir(), `equinox-bench-bare-next-${createHash("sha256").update(ROOT).digest("hex").slice(0, 8)}`);
  const stamp = path.join(dir, ".bench-fingerprint");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint) return dir;

  log(`building the bare Next.js reference app in ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(SOURCE, file), path.join(dir, file));
  }
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify({ name: "equinox-bench-bare-next", private: true, type: "module" })}\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")], { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`cp -al node_modules failed (${code})`))));
  });
  await runNextBuild(dir);
  fs.writeFileSync(stamp, fingerprint);
  return dir;
}
