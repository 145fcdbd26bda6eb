// Secret-key authentication for /v1. The key decides the environment. Every request looks the key
// up by its hash (one indexed read), so a revoked key is refused on the very next request, on
// every instance, with no cache to go stale.
import "server-only";
import type { Env } from "@/lib/generated/prisma";
import { pool } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { envOfSecretKey, hashSecretKey } from "@/lib/api-keys/secret";
import { countInvalidKeyAttempt, invalidKeyLimitRefusal } from "@/lib/rate-limit/invalid-key-limit";

export type ApiKeyIdentity = { id: string; env: Env; name: string; prefix: string };

/**
 * `clientAddress` (lib/rate-limit/client-address.ts): each invalid key counts against the address;
 * once it has sent too many this minute, its invalid keys are answered 429 instead of 401 (one it
 * cannot parse without a lookup). A valid key is served whatever its address did.
 */
export async function authenticateApiKey(authorization: string | null, clientAddress: string | null = null): Promise<ApiKeyIdentity> {
  if (!authorization || !authorization.trim()) {
    throw new DomainError("no_secret_key", "Secret key not found in Authorization header. Send `Authorization: Bearer am_sk_...`");
  }
  const limited = invalidKeyLimitRefusal(clientAddress);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization.trim());
  const secret = match?.[1];
  const env = secret ? envOfSecretKey(secret) : undefined;
  if (!secret || !env) {
    countInvalidKeyAttempt(clientAddress);
    if (limited) throw limited;
    throw new DomainError("invalid_secret_key", "Invalid secret key: expected `Bearer am_sk_test_…` or `Bearer am_sk_live_…`");
  }
  // Prepared (named): parsed once per connection, since every API request sends it.
  const { rows } = await pool().query<{ id: string; env: Env; name: string; prefix: string; revoked: boolean; stale: boolean }>({
    name: "equinox_api_key_by_hash",
    text: `select id, env, name, prefix, revoked_at is not null as revoked,
                  (last_used_at is null or last_used_at < now() - interval '1 minute') as stale
             from api_keys where hash = $1`,
    values: [hashSecretKey(secret)],
  });
  const key = rows[0];
  if (!key || key.revoked || key.env !== env) {
    countInvalidKeyAttempt(clientAddress);
    if (limited) throw limited;
    throw new DomainError("invalid_secret_key", key?.revoked ? "This secret key has been revoked" : "Invalid secret key");
  }
  if (key.stale) {
    // "Last used" is informational: refreshed at most once a minute, off the request's path.
    void pool()
      .query("update api_keys set last_used_at = now() where id = $1", [key.id])
      .catch((error: Error) => console.warn(`[api] could not update last_used_at for ${key.id}: ${error.message}`));
  }
  return { id: key.id, env: key.env, name: key.name, prefix: key.prefix };
}
