// The lean HTTP path of /v1: a node:http request goes straight to the route module Next.js would
// have chosen (app/v1/route-table.ts lists them), without Next.js's router, render pipeline and
// request wrappers around it. The route modules are the very ones Next.js serves (each an apiRoute
// adapter, lib/api/api-route.ts), so a route exists once and behaves the same on either path:
// scripts/serve.mjs hands /v1 here, `next start` and `next dev` reach the same modules through
// Next.js's own routing. An apiRoute handler is called here through its wrapper's data form
// (apiCallHandler): the headers, body and socket address as node:http read them in, the status,
// headers and JSON text written out, with no web Request, Response or body stream made between
// (they cost more CPU than the rest of a simple request did: the API bench's HTTP layer).
//
// Anything this path does not decide exactly as Next.js would is handed back to Next.js (the
// dispatcher answers false): a path no route of the table serves (Next.js finds the route folder
// the table may lack, or the catch-all's 404/501), a method the route does not export (405, or
// HEAD/OPTIONS, which Next.js derives), an empty or dot segment, an encoded segment, a trailing
// slash. So a route missing from the table is slower, never answered differently.
import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@/lib/errors";
import { securityHeaderRules } from "@/lib/security/security-headers";
import { apiCallHandler } from "./api-route";
import { errorResponse } from "./error-response";
import { MAX_BODY_BYTES } from "./read-json-body";
import { responseBody } from "./json-response";
import { newRequestId } from "./request-id";
import { clientAddressOf, recordSocketAddress } from "@/lib/rate-limit/client-address";

export type RouteParams = Record<string, string | string[]>;
export type RouteHandler = (request: Request, context: { params: Promise<RouteParams> }) => Response | Promise<Response>;
export type RouteMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
export type RouteModule = Partial<Record<RouteMethod, RouteHandler>>;

/**
 * The /v1 route modules by folder under app/v1: a static segment ("balances.check") or a static
 * segment with one dynamic one ("customers/[id]"). Not the catch-all: unknown paths go to Next.js.
 */
export type V1RouteTable = Record<string, RouteModule>;

export type V1Match = { module: RouteModule; params: RouteParams };

const METHODS = new Set<string>(["GET", "POST", "PATCH", "PUT", "DELETE"]);

/**
 * The route module and params Next.js's app router would pick for a /v1 pathname, or undefined
 * where this path leaves the decision to Next.js.
 */
export function matchV1Route(table: V1RouteTable, pathname: string): V1Match | undefined {
  if (!pathname.startsWith("/v1/")) return undefined;
  const segments = pathname.slice(4).split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return undefined;
  const [first, second, ...rest] = segments as [string, string | undefined, ...string[]];
  if (first.includes("%") || first.includes("[") || rest.length > 0) return undefined;
  if (second === undefined) return table[first] ? { module: table[first]!, params: {} } : undefined;
  const dynamic = Object.keys(table).find((key) => key.startsWith(`${first}/[`) && key.endsWith("]") && !key.includes("[..."));
  if (!dynamic) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(second);
  } catch {
    return undefined;
  }
  return { module: table[dynamic]!, params: { [dynamic.slice(first.length + 2, -1)]: value } };
}

// The headers next.config.ts's headers() gives every /v1 response (lib/security/security-headers.ts).
const API_HEADERS: Record<string, string> = Object.fromEntries(
  securityHeaderRules({ production: process.env.NODE_ENV === "production" })
    .filter((rule) => rule.source === "/:path*" || rule.source === "/v1/:path*")
    .flatMap((rule) => rule.headers.map((header) => [header.key.toLowerCase(), header.value])),
);

/**
 * A node:http handler for /v1 over the route table: true when it answered, false when the request
 * is Next.js's to serve (nothing has been read or written then).
 */
export function createV1Dispatcher(table: V1RouteTable): (req: IncomingMessage, res: ServerResponse) => boolean {
  return function dispatchV1(req, res) {
    const method = req.method ?? "GET";
    if (!METHODS.has(method)) return false;
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const pathname = query === -1 ? url : url.slice(0, query);
    const match = matchV1Route(table, pathname);
    const handler = match?.module[method as RouteMethod];
    if (!match || !handler) return false;
    void serve(req, res, method, url, handler, match.params).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, API_HEADERS).end();
      else res.destroy();
    });
    return true;
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, method: string, url: string, handler: RouteHandler, params: RouteParams) {
  let body: Buffer = EMPTY_BODY;
  let tooLarge = false;
  if (method !== "GET" && method !== "DELETE") {
    ({ body, tooLarge } = await readBody(req));
    // A body over the limit was drained, not kept: the connection closes after the answer.
    if (tooLarge) res.setHeader("connection", "close");
  } else {
    req.resume();
  }
  // An apiRoute handler (every /v1 route but the OpenAPI document) is called as data: the request
  // as node:http read it, the answer written out as it comes, no web Request or Response between.
  const api = apiCallHandler(handler);
  if (api) {
    // The adapter refuses a body over the limit after authentication, as on Next.js's path (its answer names the key's environment).
    const header = (name: string) => headerOf(req.rawHeaders, name);
    const answer = await api({
      method,
      url,
      params,
      header,
      body: () => body,
      // The socket's address (not a header a client could send): the API's client address.
      clientAddress: () => clientAddressOf(header, () => req.socket.remoteAddress),
      request: () => webRequest(req, method, url, body),
    });
    return write(res, answer.status, answer.headers, answer.body);
  }
  if (tooLarge) return send(res, errorResponse(new DomainError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`), { requestId: newRequestId() }));
  const response = await handler(webRequest(req, method, url, body), { params: Promise.resolve(params) });
  await send(res, response);
}

const EMPTY_BODY = Buffer.alloc(0);

/** A header of the request as a web Headers object would read it: case-insensitive, repeated ones joined by ", ". */
function headerOf(raw: string[], headerName: string): string | null {
  const name = headerName.toLowerCase();
  let value: string | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && key.toLowerCase() === name) value = value === null ? raw[i + 1]! : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

/** The request as a web Request (for a route handler that takes one), its body as read. */
function webRequest(req: IncomingMessage, method: string, url: string, body: Buffer): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const host = req.headers.host && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : "localhost";
  const init: RequestInit = { method, headers };
  if (body.byteLength > 0 && method !== "GET" && method !== "HEAD") init.body = new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  // The socket's address goes with the request (not as a header a client could send): the API's client address.
  return recordSocketAddress(new Request(`http://${host}${url}`, init), req.socket.remoteAddress);
}

/**
 * The body, read until it passes the API's limit (then `tooLarge`, with what was read: more than
 * the limit, which the adapter refuses; the rest is drained). A declared length over the limit is
 * drained without being kept (the adapter refuses it by its Content-Length).
 */
function readBody(req: IncomingMessage): Promise<{ body: Buffer; tooLarge: boolean }> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > MAX_BODY_BYTES) return discardRest(req, 0).then(() => ({ body: Buffer.alloc(0), tooLarge: true }));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        void discardRest(req, size).then(() => resolve({ body: Buffer.concat(chunks), tooLarge: true }));
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve({ body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), tooLarge: false }));
    req.once("error", reject);
  });
}

/**
 * The rest of a body over the limit is read and dropped, up to DRAIN_LIMIT_BYTES, before the 413
 * goes out: a client still sending when the answer is ready would otherwise have the connection
 * closed under it (EPIPE) and never read the answer. Past that much, the connection is cut.
 */
const DRAIN_LIMIT_BYTES = 32 * MAX_BODY_BYTES;
function discardRest(req: IncomingMessage, alreadyRead: number): Promise<void> {
  if (req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    let size = alreadyRead;
    const done = () => {
      req.off("data", onData);
      req.off("end", done);
      req.off("error", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > DRAIN_LIMIT_BYTES) done();
    };
    req.on("data", onData);
    req.once("end", done);
    req.once("error", done);
  });
}

async function send(res: ServerResponse, response: Response) {
  const body = await responseBody(response);
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  write(res, response.status, headers, body);
}

function write(res: ServerResponse, status: number, headers: Record<string, string | string[]>, body: string | Buffer) {
  res.writeHead(status, { ...API_HEADERS, ...headers, "content-length": String(typeof body === "string" ? Buffer.byteLength(body) : body.byteLength) });
  res.end(body);
}
