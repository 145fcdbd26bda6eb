// Secret keys: `am_sk_test_` / `am_sk_live_` + 42 letters and digits, as Autumn issues them.
// Only the SHA-256 hash and a short display prefix are stored; the secret is shown once.
import { createHash, randomInt } from "node:crypto";
import type { Env } from "@/lib/generated/prisma";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const SECRET_BODY_LENGTH = 42;
const PREFIX_BY_ENV = { sandbox: "am_sk_test_", live: "am_sk_live_" } as const satisfies Record<Env, string>;

export const SECRET_KEY_PATTERN = /^am_sk_(test|live)_[A-Za-z0-9]{42}$/;

export function generateSecretKey(env: Env): string {
  let body = "";
  // randomInt is uniform (no modulo bias) and cryptographically secure.
  for (let i = 0; i < SECRET_BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return PREFIX_BY_ENV[env] + body;
}

export function hashSecretKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** What the dashboard shows: the environment prefix and four characters, never enough to use. */
export function displayPrefix(secret: string): string {
  return `${secret.slice(0, PREFIX_BY_ENV.sandbox.length + 4)}…`;
}

/** The environment a well-formed key belongs to; undefined for anything malformed. */
export function envOfSecretKey(secret: string): Env | undefined {
  const match = SECRET_KEY_PATTERN.exec(secret);
  if (!match) return undefined;
  return match[1] === "test" ? "sandbox" : "live";
}
