// The /v1 route handlers behind a fetch function, so that autumn-js (whose HTTP client calls the
// global fetch) drives the real handlers in-process against the test database: what the SDK sends
// and how it validates the answers are exactly as against a server, without building one. A path
// with a route folder goes to that route's handler; anything else to the catch-all, as Next.js
// routes it.
import { vi } from "vitest";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "PUT" | "DELETE", Handler>>;

const routeModules = import.meta.glob<RouteModule>("/app/v1/*/route.ts");

/** The origin the SDK is pointed at (`serverURL`): only its requests are served in-process. */
export const API_ORIGIN = "http://equinox.test";

async function serve(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const folder = pathname.replace(/^\/v1\//, "");
  const load = (!folder.includes("/") && routeModules[`/app/v1/${folder}/route.ts`]) || routeModules["/app/v1/[...path]/route.ts"];
  if (!load) throw new Error("app/v1/[...path]/route.ts is missing");
  const handler = (await load())[request.method as keyof RouteModule];
  if (!handler) return new Response(null, { status: 405 });
  return handler(request, { params: Promise.resolve({ path: pathname.split("/").slice(2) }) });
}

/** Replaces the global fetch for the rest of the test file; other origins still go out. */
export function serveApiInProcess(): string[] {
  const calls: string[] = [];
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${API_ORIGIN}/`)) return realFetch(input, init);
    calls.push(new URL(request.url).pathname);
    return serve(request);
  });
  return calls;
}
