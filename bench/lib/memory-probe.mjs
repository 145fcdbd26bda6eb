// Preloaded into the measured server (NODE_OPTIONS=--import): every second, writes the process's
// memory as Node sees it to MEMORY_PROBE_FILE, so the benchmark can say how much of the resident
// memory is the JavaScript heap (used, and reserved by V8) and how much is everything else.
// Read-only and cheap (one small write a second); plain JavaScript so it loads before anything else.
import fs from "node:fs";

// One file per process (the launcher, serve.mjs's primary and each server process all load it):
// MEMORY_PROBE_FILE with the process id before its extension.
const file = process.env.MEMORY_PROBE_FILE?.replace(/\.json$/, `.${process.pid}.json`);
if (file) {
  const write = () => {
    const m = process.memoryUsage();
    const mb = (n) => Math.round((n / 2 ** 20) * 10) / 10;
    fs.writeFile(file, JSON.stringify({ at: Date.now(), rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) }), () => undefined);
  };
  setInterval(write, 1000).unref();
  write();
}
