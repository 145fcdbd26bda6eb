// Attempts with an invalid or unknown secret key, per client address (API_INVALID_KEY_LIMIT_PER_MINUTE,
// 0 = off). Each refused key costs the database one indexed read; past the limit, every request
// from the address is answered 429 rate_limited (with Retry-After) before its key is even looked
// up, until the minute turns over: a Map lookup, cheaper than any valid request.
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

/** Before the key is looked up: 429 when this address has used its minute's invalid attempts. */
export function refuseAddressOverInvalidKeyLimit(address: string | null, limit = env().API_INVALID_KEY_LIMIT_PER_MINUTE): void {
  if (limit === 0 || address === null) return;
  const answer = batchedCounters().peek(bucket(address), limit, MINUTE_MS);
  if (answer.allowed) return;
  throw new DomainError(
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
