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
 * Dockerfile's CMD gives the same): V8's young generation at 16-32 MB semi-spaces (issue 16).
 *
 * The maximum (Node's default is 16 MB): a /v1 request leaves some 50-80 KB of garbage, and under
 * load, once the young generation has grown to its maximum, 16 MB meant a scavenge every 200-300
 * requests holding the event loop 4-5 ms. 32 MB halves the scavenges for some 30-60 MB more
 * resident memory; 64 MB measured no better at c1 and worse at c32 (events.aggregate's p99
 * 2.7-3.1x the floor's), for 50 MB more.
 *
 * The minimum: V8 grows the young generation only as objects survive scavenges, and with one
 * request in flight few do, so at one client at a time it stayed near its 1 MB start and
 * scavenged every few requests (c1 p99 of events.aggregate 2.9x the floor's in a full run with the
 * maximum alone). A 16 MB minimum put that ratio at 1.55x per process and 1.21x per machine in the
 * next full run, with the same resident memory after the API runs; 32 MB measured about the same
 * at c1 and held some 200 MB more.
 *
 * On the command line because Node refuses --min-semi-space-size in NODE_OPTIONS. An operator's
 * --max-semi-space-size in NODE_OPTIONS (which Node accepts) wins: neither flag is then added,
 * since our minimum would decide their young generation's size as much as their maximum does.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32", "--min-semi-space-size=16"];

export function serverNodeFlags(nodeOptions = process.env.NODE_OPTIONS ?? ""): string[] {
  return /--max[-_]semi[-_]space[-_]size/.test(nodeOptions) ? [] : SERVER_NODE_FLAGS;
}
