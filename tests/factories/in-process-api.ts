// The /v1 route handlers behind a real loopback HTTP server, so that the official SDK (and the
// SDK's backend handler, which makes its own Autumn client) can be pointed at them with a plain
// serverURL, as an application would point them at a deployed Equinox. Only the routes passed in
// are served; any other path answers 404 as the app's catch-all does.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

type RouteModule = { POST?: (request: Request) => Promise<Response> };

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Serves `routes` (RPC path without the `/v1/` prefix → route module) until `close()`. */
export async function serveApiRoutes(routes: Record<string, RouteModule>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const handler = url.pathname.startsWith("/v1/") ? routes[url.pathname.slice(4)]?.[req.method as "POST"] : undefined;
      if (!handler) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `No route ${req.method} ${url.pathname}`, code: "not_found" }));
        return;
      }
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const body = await readBody(req);
      const response = await handler(new Request(`http://127.0.0.1${url.pathname}${url.search}`, { method: req.method, headers, body: body || undefined }));
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
    })().catch((error: unknown) => {
      console.error("[in-process-api]", error);
      res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
