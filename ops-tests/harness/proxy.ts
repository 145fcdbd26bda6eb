// A small reverse proxy for the process topology test, doing what deploy/Caddyfile asks of Caddy:
// round robin over the instances that are ready (active health checks on /api/health/ready every
// 500 ms), and a retry on another instance when one refuses the connection (it is draining or
// restarting: nothing was sent, so any request may go elsewhere). A request cut off after it was
// sent is retried only when it is safe to repeat (GET/HEAD, or it carries an Idempotency-Key);
// otherwise the client gets 503 with Retry-After, never a bare connection error.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Upstream = { name: string; url: string };
export type Proxy = { url: string; setUpstreams(upstreams: Upstream[]): void; stop(): Promise<void>; retries: () => number };

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

type State = Upstream & { healthy: boolean; agent: http.Agent };

export async function startProxy(initial: Upstream[]): Promise<Proxy> {
  let upstreams: State[] = [];
  let next = 0;
  let retries = 0;
  const setUpstreams = (list: Upstream[]) => {
    for (const old of upstreams) if (!list.some((u) => u.url === old.url)) old.agent.destroy();
    upstreams = list.map((u) => upstreams.find((s) => s.url === u.url) ?? { ...u, healthy: true, agent: new http.Agent({ keepAlive: true, maxSockets: 64 }) });
  };
  setUpstreams(initial);

  const check = async (upstream: State) => {
    try {
      const response = await fetch(`${upstream.url}/api/health/ready`, { signal: AbortSignal.timeout(1_000) });
      upstream.healthy = response.status === 200;
      await response.arrayBuffer();
    } catch {
      upstream.healthy = false;
    }
  };
  const timer = setInterval(() => void Promise.all(upstreams.map(check)), 500);

  /** Healthy instances first (round robin), then the others as a last resort. */
  const order = (): State[] => {
    const start = next++;
    const rotated = upstreams.map((_, i) => upstreams[(start + i) % upstreams.length]!);
    return [...rotated.filter((u) => u.healthy), ...rotated.filter((u) => !u.healthy)];
  };

  const forward = (upstream: State, req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ response: http.IncomingMessage } | { error: NodeJS.ErrnoException; sent: boolean }>((resolve) => {
      const target = new URL(req.url ?? "/", upstream.url);
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
      headers["x-forwarded-for"] = req.socket.remoteAddress ?? "127.0.0.1";
      headers["x-forwarded-proto"] = "http";
      headers["x-forwarded-host"] = req.headers.host;
      headers["content-length"] = String(body.length);
      const request = http.request(target, { method: req.method, headers, agent: upstream.agent });
      let sent = false;
      request.on("finish", () => (sent = true));
      request.on("response", (response) => resolve({ response }));
      request.on("error", (error: NodeJS.ErrnoException) => resolve({ error, sent: sent && error.code !== "ECONNREFUSED" }));
      request.end(body);
    });

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const repeatable = req.method === "GET" || req.method === "HEAD" || Boolean(req.headers["idempotency-key"]);
    let lastError = "";
    for (const upstream of order()) {
      const outcome = await forward(upstream, req, body);
      if ("response" in outcome) {
        const headers: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(outcome.response.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
        res.writeHead(outcome.response.statusCode ?? 502, headers);
        outcome.response.pipe(res);
        return;
      }
      upstream.healthy = false;
      lastError = `${upstream.name}: ${outcome.error.code ?? outcome.error.message}`;
      if (outcome.sent && !repeatable) break;
      retries++;
    }
    res.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
    res.end(JSON.stringify({ code: "service_unavailable", message: `No instance could answer (${lastError}); retry in a second` }));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setUpstreams,
    retries: () => retries,
    stop: async () => {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      for (const upstream of upstreams) upstream.agent.destroy();
    },
  };
}
