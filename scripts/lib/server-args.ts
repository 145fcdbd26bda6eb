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
