// The /v1 client's address, for the limit on attempts with invalid keys. The socket's address
// when the server that read the request recorded it (the lean /v1 path of `npm start`,
// lib/api/v1-dispatcher.ts, or the header scripts/serve.mjs stamps on what it hands to Next.js);
// X-Forwarded-For only when TRUSTED_PROXY_HOPS says how many proxies
// in front append to it: the n-th entry from the right is the address the outermost trusted proxy
// saw, and anything further left is whatever the client claimed. With neither (no proxy setting,
// and a server that does not pass the socket on, as `next start`'s route handlers) the address is
// unknown and the limit does not apply.
import { env } from "@/lib/env";

// A symbol property on the Request, not a header (a client could send one) and not a module-level
// WeakMap (the dispatcher and the route may be different bundled copies of this module).
const SOCKET_ADDRESS = Symbol.for("equinox.socketAddress");

type WithAddress = Request & { [SOCKET_ADDRESS]?: string };

/**
 * For requests that reach a route through Next.js: scripts/serve.mjs sets this header from the
 * socket on every request it hands to Next.js, over whatever the client sent, and says so with a
 * process-wide flag. Without the flag (`next start`, `next dev`) the header is the client's and is
 * ignored.
 */
export const SOCKET_ADDRESS_HEADER = "x-equinox-socket-address";
const serverStampsAddress = () => (globalThis as { __equinoxStampsSocketAddress?: boolean }).__equinoxStampsSocketAddress === true;
const socketAddress = (request: Request): string | undefined =>
  (request as WithAddress)[SOCKET_ADDRESS] ?? (serverStampsAddress() ? request.headers.get(SOCKET_ADDRESS_HEADER) || undefined : undefined);

/** Called by the server that accepted the connection, before the route sees the request. */
export function recordSocketAddress(request: Request, address: string | undefined): Request {
  if (address) (request as WithAddress)[SOCKET_ADDRESS] = address;
  return request;
}

export function apiClientAddress(request: Request, trustedHops = env().TRUSTED_PROXY_HOPS): string | null {
  return clientAddressOf((name) => request.headers.get(name), () => socketAddress(request), trustedHops);
}

/**
 * The same for a request node:http read (the lean /v1 path, which builds no Request): its headers
 * and the address of the socket it came on.
 */
export function clientAddressOf(header: (name: string) => string | null, socket: () => string | undefined, trustedHops = env().TRUSTED_PROXY_HOPS): string | null {
  let candidate: string | undefined;
  if (trustedHops > 0) {
    const entries = header("x-forwarded-for")?.split(",").map((part) => part.trim()).filter(Boolean) ?? [];
    // Fewer entries than proxies: the request did not come through them all; the nearest one's is the best there is.
    candidate = entries.at(-Math.min(trustedHops, entries.length)) ?? socket();
  } else {
    candidate = socket();
  }
  if (!candidate) return null;
  // IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is the same client as its IPv4 form.
  return candidate.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").slice(0, 64).toLowerCase();
}
