// The client's IP address, for per-IP abuse limits. Next.js sets X-Forwarded-For to the socket's
// address when the request has none; a reverse proxy in front appends the address it saw. The
// right-most entry is therefore the one added by the hop nearest to us, the only one a client
// cannot choose, provided Equinox sits behind exactly one proxy that appends the header (see
// README, "Security and robustness"). Entries further left are whatever the client claimed.
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  const candidate = last ?? headers.get("x-real-ip")?.trim();
  if (!candidate) return null;
  // IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is the same client as its IPv4 form.
  return candidate.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").slice(0, 64).toLowerCase();
}
