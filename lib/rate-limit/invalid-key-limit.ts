// Attempts with an invalid or unknown secret key, per client address (API_INVALID_KEY_LIMIT_PER_MINUTE,
// 0 = off). Past the limit, until the minute turns over, an address's attempts are answered 429
// rate_limited (with Retry-After) instead of 401: a key that is not even well formed without any
// lookup (a Map read), a well-formed one after its one indexed read, which is what tells a valid key
// apart. A valid key is never refused for its address: behind one NAT or proxy address, a client
// with a wrong key must not lock the others out. Either way a refused attempt costs less than a
// valid request (no domain work, no transaction).
//
// Counted like the per-key quota (shared-counters.ts): each instance decides from memory and adds
// its counts to the shared row every ~250 ms, reading back the total of all instances, so the
// limit holds across instances (and the processes of one machine) up to what arrives within one
// flush interval. Only the attempts refused for their key count; a request without any key costs
// no lookup and is not counted. An unknown client address (see client-address.ts) is not limited.
import "server-only";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { batchedCounters } from "./shared-counters";

const MINUTE_MS = 60_000;
const bucket = (address: string) => `api-invalid-key:${address}`;

/**
 * The 429 this address has earned with its minute's invalid attempts, or null. The caller throws
 * it instead of the invalid-key error (and a key it cannot even parse is refused without a lookup).
 */
export function invalidKeyLimitRefusal(address: string | null, limit = env().API_INVALID_KEY_LIMIT_PER_MINUTE): DomainError | null {
  if (limit === 0 || address === null) return null;
  const answer = batchedCounters().peek(bucket(address), limit, MINUTE_MS);
  if (answer.allowed) return null;
  return new DomainError(
    "rate_limited",
    `Too many requests with an invalid secret key from this address (limit ${limit} per minute); retry in ${answer.retryAfterSeconds} s`,
    { details: { retryAfterSeconds: answer.retryAfterSeconds } },
  );
}

/** After a key was refused (invalid_secret_key): counts the attempt against the address. */
export function countInvalidKeyAttempt(address: string | null, limit = env().API_INVALID_KEY_LIMIT_PER_MINUTE): void {
  if (limit === 0 || address === null) return;
  batchedCounters().hit(bucket(address), limit, MINUTE_MS);
}
