// The floor server (bench/floor/app.ts): one process, or FLOOR_PROCESSES processes sharing the port
// through node:cluster, as scripts/serve.mjs runs Equinox's server processes, so that the floor
// per machine is measured the way Equinox per machine is.
//
// Run: node --conditions=react-server --import tsx bench/floor/server.ts   (FLOOR_DATABASE_URL,
// FLOOR_POOL_MAX per process, FLOOR_PORT, FLOOR_PROCESSES). Prints `floor listening on <port>` when
// every process listens.
import cluster from "node:cluster";

const processes = Number(process.env.FLOOR_PROCESSES ?? 1);

if (cluster.isPrimary && processes > 1) {
  let ready = 0;
  for (let i = 0; i < processes; i++) {
    const worker = cluster.fork();
    worker.on("message", (message: { type?: string; port?: number }) => {
      if (message.type === "ready" && ++ready === processes) console.log(`floor listening on ${message.port} (${processes} processes)`);
    });
  }
  cluster.on("exit", (_worker, code) => {
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(code ?? 0);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  await import("./app");
}
