// Reads a JSON request body with a size limit, without trusting Content-Length alone.
import { DomainError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

// A server that has read the body already (the lean /v1 path, lib/api/v1-dispatcher.ts, up to the
// limit) hands it over on the Request as a symbol property, for handlers that read it here: no web
// stream to fill and drain again. A symbol, not a module-level WeakMap: the dispatcher and the route
// may be different bundled copies of this module.
const RAW_BODY = Symbol.for("equinox.rawBody");
const READS_RAW_BODY = Symbol.for("equinox.readsRawBody");

type WithRawBody = Request & { [RAW_BODY]?: Uint8Array };

/** Marks a route handler whose body is read by readJsonBody (apiRoute's), so that it may get a raw body. */
export function markReadsRawBody<T extends object>(handler: T): T {
  (handler as T & { [READS_RAW_BODY]?: true })[READS_RAW_BODY] = true;
  return handler;
}

export function readsRawBody(handler: object): boolean {
  return (handler as { [READS_RAW_BODY]?: true })[READS_RAW_BODY] === true;
}

/** The body the server read, for a Request made without one (only for handlers marked above). */
export function attachRawBody(request: Request, body: Uint8Array): Request {
  (request as WithRawBody)[RAW_BODY] = body;
  return request;
}

export async function readJsonBody(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = (request as WithRawBody)[RAW_BODY] ?? (await readStream(request));
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  if (bytes.byteLength === 0) return {};

  const contentType = request.headers.get("content-type") ?? "";
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new DomainError("invalid_request", `Unsupported content type "${contentType}": send application/json`);
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_request", "The request body is not valid JSON");
  }
}

async function readStream(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tooLarge = () => new DomainError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
