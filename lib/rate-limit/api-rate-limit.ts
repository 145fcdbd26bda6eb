// Requests per API key per minute (API_RATE_LIMIT_PER_MINUTE, 0 = off), counted across every instance.
// Called by the /v1 wrapper right after the key is authenticated, before any other work.
import "server-only";
import { env } from "@/lib/env";
import { DomainError } from "@/lib/errors";
import { batchedCounters } from "./shared-counters";

const MINUTE_MS = 60_000;

export function enforceApiRateLimit(keyId: string, limit = env().API_RATE_LIMIT_PER_MINUTE): void {
  if (limit === 0) return; // turned off
  const answer = batchedCounters().hit(`api:${keyId}`, limit, MINUTE_MS);
  if (answer.allowed) return;
  throw new DomainError(
    "rate_limited",
    `Too many requests for this secret key (limit ${limit} per minute); retry in ${answer.retryAfterSeconds} s`,
    { details: { retryAfterSeconds: answer.retryAfterSeconds } },
  );
}
