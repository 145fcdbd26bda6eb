// `npm start -- -p 3999 -H 127.0.0.1` and `npm run dev -- --port=3999`: the flags `next start` and
// `next dev` take for where to listen, with PORT as the default. Anything else is refused rather
// than ignored (an ignored -p used to start the server silently on 3000).

export type ServerArgs = { port: number; hostname?: string };

export class ServerArgsError extends Error {}

const USAGE = "Usage: npm start -- [-p|--port <port>] [-H|--hostname <host>]   (the port defaults to PORT, else 3000)";

function parsePort(value: string | undefined, source: string): number {
  const port = Number(value);
  if (!value || !/^\d+$/.test(value) || port < 1 || port > 65_535) {
    throw new ServerArgsError(`${source} must be a port number from 1 to 65535, got ${JSON.stringify(value ?? "")}.\n${USAGE}`);
  }
  return port;
}

export function parseServerArgs(argv: string[], env: { PORT?: string } = {}): ServerArgs {
  let port: number | undefined;
  let hostname: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined || next.startsWith("-")) throw new ServerArgsError(`${flag} needs a value.\n${USAGE}`);
      return next;
    };
    if (flag === "-p" || flag === "--port") port = parsePort(value(), flag);
    else if (flag === "-H" || flag === "--hostname") hostname = value();
    else {
      throw new ServerArgsError(
        `Unknown option ${JSON.stringify(arg)}: only -p/--port (or the PORT environment variable) and -H/--hostname are accepted.\n${USAGE}`,
      );
    }
  }
  return { port: port ?? (env.PORT ? parsePort(env.PORT, "PORT") : 3000), hostname };
}

/**
 * The Node flags of the production server processes (launcher.ts's runProductionServer; the
 * Dockerfile's CMD gives the same): V8's young generation at 32 MB semi-spaces instead of Node's
 * 16 MB. A /v1 request leaves some 50-80 KB of garbage; with 16 MB a scavenge ran every 200-300
 * requests and held the event loop 4-5 ms (the server's heap is Next.js's), close to 1% of the
 * requests of one client at a time, so p99 at c1 was a GC pause (issue 16). Half as many
 * scavenges, for some 30-60 MB more resident memory under load. 64 MB measured no better at c1
 * and worse at c32 (events.aggregate's p99 2.7-3.1x the floor's), for 50 MB more.
 *
 * The maximum alone did not help one client at a time: V8 grows the young generation only as
 * objects survive scavenges, and with one request in flight few do, so it stayed at its 1 MB
 * start and scavenged every few requests (c1 p99 of events.aggregate 2.9x the floor's). A 16 MB
 * minimum put that ratio at 1.5x per process and 1.2x per machine; 32 MB measured about the same
 * at c1 but held 200 MB more after the runs. Both flags are V8 options Node refuses in
 * NODE_OPTIONS, hence the command line. An operator's --max-semi-space-size in NODE_OPTIONS wins:
 * neither flag is then added (a minimum above their maximum would override it).
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32", "--min-semi-space-size=16"];

export function serverNodeFlags(nodeOptions = process.env.NODE_OPTIONS ?? ""): string[] {
  return /--max-semi-space-size/.test(nodeOptions) ? [] : SERVER_NODE_FLAGS;
}
