// One HTTP POST of a signed event: node:http(s) directly, so the connection's address can be
// checked as it is made (url-safety.ts); redirects are not followed (a 3xx is a failure, as
// Standard Webhooks says); the whole exchange, body included, has DELIVERY_TIMEOUT_MS.
import "server-only";
import http from "node:http";
import https from "node:https";
import { assertAddressAllowed, safeLookup, urlHost } from "./url-safety";

export const DELIVERY_TIMEOUT_MS = 10_000;
export const RESPONSE_EXCERPT_CHARS = 1_000;

export type PostOutcome =
  | { ok: boolean; status: number; body: string; durationMs: number; error?: undefined }
  | { ok: false; status: null; body: null; durationMs: number; error: string };

export async function postWebhook(target: string, body: string, headers: Record<string, string>, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<PostOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let url: URL;
  try {
    url = new URL(target);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`${url.protocol} is not http(s)`);
    assertAddressAllowed(urlHost(url));
  } catch (error) {
    return { ok: false, status: null, body: null, durationMs: elapsed(), error: `Refused: ${error instanceof Error ? error.message : String(error)}` };
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Equinox-Webhooks/1.0", ...headers },
        lookup: safeLookup as unknown as http.RequestOptions["lookup"],
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let excerpt = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (excerpt.length < RESPONSE_EXCERPT_CHARS) excerpt += chunk;
          // Enough read: the rest of a large answer is not waited for.
          if (excerpt.length >= RESPONSE_EXCERPT_CHARS) response.destroy();
        });
        const done = () => finish({ ok: status >= 200 && status < 300, status, body: excerpt.slice(0, RESPONSE_EXCERPT_CHARS), durationMs: elapsed() });
        response.on("end", done);
        response.on("close", done);
        response.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, status: null, body: null, durationMs: elapsed(), error: `Timed out after ${timeoutMs / 1000} s` });
      request.destroy();
    }, timeoutMs);
    request.on("error", (error: NodeJS.ErrnoException) => {
      finish({ ok: false, status: null, body: null, durationMs: elapsed(), error: error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message });
    });
    request.end(body);
  });
}
