// The benchmark measures the production build.
//
// By default it uses the project's own .next: it builds (`next build`) when .next is missing or
// older than any source file that goes into the build, and says which; `--build` forces a build,
// `--no-build` uses whatever .next holds.
//
// `--isolated` builds a snapshot instead: the sources are copied to a directory under the system
// temp directory (node_modules hard-linked, so it costs no space) and built and started there. On a
// machine where others edit and build the same checkout, the measured server then cannot change
// or vanish under the benchmark. The snapshot is rebuilt only when a source file changed.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "./processes";

// scripts/ and prisma/: the benchmark starts the server as `npm start` does (scripts/start.ts, which
// applies the migrations, and scripts/serve.mjs).
const SOURCES = ["app", "components", "lib", "public", "scripts", "prisma", "proxy.ts", "instrumentation.ts", "instrumentation-client.ts", "next.config.ts", "postcss.config.mjs", "package.json", "package-lock.json", "tsconfig.json", "next-env.d.ts"];
const SOURCE_EXTENSIONS = /\.(tsx?|mjs|cjs|js|css|json|prisma|sql|toml|svg|png|ico|woff2?|txt|webmanifest|d\.ts|wasm|node)$/;
const isTest = (name: string) => /\.test\.tsx?$/.test(name);

/** Every source file that goes into the build: relative path, mtime, size. */
function sourceFiles(dir: string, entries = SOURCES): { file: string; mtime: number; size: number }[] {
  const files: { file: string; mtime: number; size: number }[] = [];
  const walk = (relative: string) => {
    const full = path.join(dir, relative);
    if (!fs.existsSync(full)) return;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(full)) walk(path.join(relative, child));
    } else if (SOURCE_EXTENSIONS.test(relative) && !isTest(relative)) {
      files.push({ file: relative, mtime: stat.mtimeMs, size: stat.size });
    }
  };
  for (const entry of entries) walk(entry);
  return files;
}

export type BuildDecision = { built: boolean; reason: string; buildId: string; projectDir: string; seconds?: number };

export function runNextBuild(projectDir: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(projectDir, "node_modules/next/dist/bin/next"), "build"], {
      cwd: projectDir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}) in ${projectDir}:\n${output}`))));
  });
}

async function build(projectDir: string, reason: string, log: (line: string) => void): Promise<BuildDecision> {
  log(`building (${reason}): next build${projectDir === ROOT ? "" : ` in ${projectDir}`}`);
  const started = Date.now();
  await runNextBuild(projectDir);
  const buildId = fs.readFileSync(path.join(projectDir, ".next", "BUILD_ID"), "utf8").trim();
  return { built: true, reason, buildId, projectDir, seconds: (Date.now() - started) / 1000 };
}

export async function ensureProductionBuild(mode: "auto" | "always" | "never", isolated: boolean, log: (line: string) => void): Promise<BuildDecision> {
  return isolated ? ensureIsolatedBuild(mode, log) : ensureInPlaceBuild(mode, log);
}

async function ensureInPlaceBuild(mode: "auto" | "always" | "never", log: (line: string) => void): Promise<BuildDecision> {
  const buildIdFile = path.join(ROOT, ".next", "BUILD_ID");
  let reason: string | undefined;
  if (mode === "always") reason = "--build given";
  else if (!fs.existsSync(buildIdFile)) reason = ".next has no build";
  else if (mode === "auto") {
    const builtAt = fs.statSync(buildIdFile).mtimeMs;
    const newest = sourceFiles(ROOT).reduce((a, b) => (b.mtime > a.mtime ? b : a), { file: "", mtime: 0, size: 0 });
    if (newest.mtime > builtAt) reason = `${newest.file} is newer than the build`;
  }
  if (!reason) {
    const buildId = fs.readFileSync(buildIdFile, "utf8").trim();
    return { built: false, reason: mode === "never" ? "--no-build given: using .next as it is" : ".next is up to date", buildId, projectDir: ROOT };
  }
  if (mode === "never") throw new Error(`--no-build given but ${reason}`);
  return build(ROOT, reason, log);
}

async function ensureIsolatedBuild(mode: "auto" | "always" | "never", log: (line: string) => void): Promise<BuildDecision> {
  const key = createHash("sha256").update(ROOT).digest("hex").slice(0, 8);
  const dir = path.join(os.tmpdir(), `equinox-bench-build-${key}`);
  fs.mkdirSync(dir, { recursive: true });

  // node_modules: hard links to the checkout's (same files, no copy), redone when the lock changes.
  const lockHash = createHash("sha256").update(fs.readFileSync(path.join(ROOT, "package-lock.json"))).digest("hex");
  const lockStamp = path.join(dir, ".bench-node-modules");
  if (!fs.existsSync(lockStamp) || fs.readFileSync(lockStamp, "utf8") !== lockHash) {
    log(`linking node_modules into ${dir}`);
    fs.rmSync(path.join(dir, "node_modules"), { recursive: true, force: true });
    await new Promise<void>((resolve, reject) => {
      const child = spawn("cp", ["-al", path.join(ROOT, "node_modules"), path.join(dir, "node_modules")], { stdio: "inherit" });
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`cp -al node_modules failed (${code})`))));
    });
    fs.writeFileSync(lockStamp, lockHash);
  }

  // The sources, as they are now; the build is redone when their fingerprint changed.
  const files = sourceFiles(ROOT);
  const fingerprint = createHash("sha256")
    .update(files.map((f) => `${f.file}:${f.size}:${createHash("sha1").update(fs.readFileSync(path.join(ROOT, f.file))).digest("hex")}`).join("\n"))
    .digest("hex");
  const stampFile = path.join(dir, ".bench-sources");
  const buildIdFile = path.join(dir, ".next", "BUILD_ID");
  const upToDate = fs.existsSync(buildIdFile) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8") === fingerprint;
  if (mode === "never" || (mode === "auto" && upToDate)) {
    if (!fs.existsSync(buildIdFile)) throw new Error(`--no-build given but ${dir} has no build`);
    return { built: false, reason: upToDate ? "the snapshot's build matches the sources" : "--no-build given: using the snapshot as it is", buildId: fs.readFileSync(buildIdFile, "utf8").trim(), projectDir: dir };
  }
  for (const entry of SOURCES) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file.file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file.file), path.join(dir, file.file));
  }
  fs.rmSync(stampFile, { force: true });
  const decision = await build(dir, mode === "always" ? "--build given" : "snapshot of the current sources", log);
  fs.writeFileSync(stampFile, fingerprint);
  return decision;
}

/**
 * `--composition`: a copy of the measured project built with browser source maps (its own
 * directory under the temp directory, node_modules hard-linked; the measured build is untouched),
 * so that page weight can be attributed to packages. The copy's next.config wraps the project's.
 */
export async function buildWithSourceMaps(projectDir: string, log: (line: string) => void): Promise<string> {
  const key = createHash("sha256").update(projectDir).digest("hex").slice(0, 8);
  const dir = path.join(os.tmpdir(), `equinox-bench-maps-${key}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const file of sourceFiles(projectDir)) {
    fs.mkdirSync(path.dirname(path.join(dir, file.file)), { recursive: true });
    fs.copyFileSync(path.join(projectDir, file.file), path.join(dir, file.file));
  }
  fs.renameSync(path.join(dir, "next.config.ts"), path.join(dir, "next.config.measured.ts"));
  fs.writeFileSync(
    path.join(dir, "next.config.ts"),
    'import measured from "./next.config.measured";\n\nexport default { ...measured, productionBrowserSourceMaps: true };\n',
  );
  await new Promise<void>((resolve, reject) => {
    const child = spawn("cp", ["-al", path.join(projectDir, "node_modules"), path.join(dir, "node_modules")], { stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`cp -al node_modules failed (${code})`))));
  });
  log(`building a copy with browser source maps in ${dir}`);
  await runNextBuild(dir);
  return dir;
}
