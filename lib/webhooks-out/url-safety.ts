// Where a webhook may be sent (server-side request forgery): only http(s), and never to a
// private, loopback or link-local address unless WEBHOOKS_ALLOW_PRIVATE_URLS says so (allowed by
// default in development and test, and for the local test server; refused by default in
// production). The address is checked as the connection is made (a `lookup` that refuses), so a
// name that resolves to a public address when the endpoint is saved and to 127.0.0.1 when it is
// called (DNS rebinding) is refused too.
import "server-only";
import dns from "node:dns";
import net from "node:net";
import { env } from "@/lib/env";

const BLOCKED = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(address, prefix, "ipv4");
}
// Besides loopback, unique-local, link-local and multicast: the ranges that carry an IPv4 address
// inside an IPv6 one (IPv4-compatible ::a.b.c.d, NAT64, 6to4, Teredo), which would otherwise reach
// 127.0.0.1 or 10.x written as IPv6 (a URL's [::127.0.0.1] is parsed as [::7f00:1]); the discard
// and documentation prefixes are never a webhook's.
for (const [address, prefix] of [
  ["::", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 32],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(address, prefix, "ipv6");
}

/** A private, loopback, link-local, multicast or reserved address (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return BLOCKED.check(mapped[1]!, "ipv4");
  const family = net.isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family === 6) return BLOCKED.check(address, "ipv6");
  return true;
}

export function privateUrlsAllowed(): boolean {
  const settings = env();
  const setting = settings.WEBHOOKS_ALLOW_PRIVATE_URLS;
  if (setting === "true" || setting === "1") return true;
  if (setting === "false" || setting === "0") return false;
  return settings.NODE_ENV !== "production" || settings.EQUINOX_TEST_MODE;
}

export class UnsafeWebhookAddress extends Error {}

/** The host of a URL as net wants it (IPv6 literals without brackets). */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** An IP literal in the URL is refused at once; a name is checked when it resolves (safeLookup). */
export function assertAddressAllowed(host: string): void {
  if (privateUrlsAllowed()) return;
  if (host === "localhost" || host.endsWith(".localhost")) throw new UnsafeWebhookAddress(`${host} is a local address`);
  if (net.isIP(host) && isPrivateAddress(host)) throw new UnsafeWebhookAddress(`${host} is a private address`);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** dns.lookup that refuses private addresses (when they are not allowed): the `lookup` of every webhook request. */
export function safeLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (!privateUrlsAllowed()) {
      const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
      if (blocked) return callback(Object.assign(new UnsafeWebhookAddress(`${hostname} resolves to a private address (${blocked.address})`), { code: "EUNSAFE" }), []);
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    callback(null, first.address, first.family);
  });
}
