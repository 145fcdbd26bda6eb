// Sign-in emails per address and per client IP, per hour, exact across instances. A magic link
// costs an email and lands in someone's inbox: an attacker must not be able to flood an address
// (or use Equinox to spam many) by submitting the sign-in form in a loop.
import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/lib/env";
import { normalizeEmail } from "@/lib/email/normalize-email";
import { consumeSharedHit } from "./shared-counters";
import type { LimitDecision } from "./fixed-window";

const HOUR_MS = 60 * 60 * 1000;

/** Addresses and IPs are stored hashed: the counter table needs to tell them apart, not to read them. */
const digest = (value: string) => createHash("sha256").update(value).digest("hex").slice(0, 32);

export type MagicLinkLimitResult = { allowed: true } | { allowed: false; reason: "ip" | "address"; retryAfterSeconds: number };

export async function consumeMagicLinkAllowance(input: { email: string | null; ip: string | null }): Promise<MagicLinkLimitResult> {
  const { MAGIC_LINK_LIMIT_PER_IP_PER_HOUR: perIp, MAGIC_LINK_LIMIT_PER_ADDRESS_PER_HOUR: perAddress } = env();
  // The IP first: a flood from one client must not use up the allowance of the addresses it names.
  if (input.ip) {
    const byIp = await consumeSharedHit(`magic-link:ip:${digest(input.ip)}`, perIp, HOUR_MS);
    if (!byIp.allowed) return refused("ip", byIp);
  }
  const email = normalizeEmail(input.email);
  if (email) {
    const byAddress = await consumeSharedHit(`magic-link:address:${digest(email)}`, perAddress, HOUR_MS);
    if (!byAddress.allowed) return refused("address", byAddress);
  }
  return { allowed: true };
}

const refused = (reason: "ip" | "address", answer: LimitDecision): MagicLinkLimitResult => ({
  allowed: false,
  reason,
  retryAfterSeconds: answer.retryAfterSeconds,
});
