// Reads a JSON request body with a size limit, without trusting Content-Length alone.
import { DomainError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

/** What the body check reads of a request: two headers and the body's bytes. */
export type JsonBodySource = {
  header(name: string): string | null;
  /** The body, read up to just past the limit (more is refused anyway). */
  body(): Uint8Array | Promise<Uint8Array>;
};

// One decoder for every request: decode() without { stream } keeps no state between calls.
const utf8 = new TextDecoder("utf-8", { fatal: false });

export async function readJsonBody(source: JsonBodySource): Promise<unknown> {
  const declared = Number(source.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const bytes = await source.body();
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  if (bytes.byteLength === 0) return {};

  const contentType = source.header("content-type") ?? "";
  if (contentType && !/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new DomainError("invalid_request", `Unsupported content type "${contentType}": send application/json`);
  }
  const text = utf8.decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_request", "The request body is not valid JSON");
  }
}

/** A web Request's body, read up to just past the limit (then refused). */
export async function readRequestBody(request: Request): Promise<Uint8Array> {
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

export const tooLarge = () => new DomainError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`);
