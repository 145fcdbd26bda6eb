// Fixed time windows aligned to the epoch (every instance computes the same window from its
// clock), and what a refused caller is told: how long until the window ends.

export type LimitDecision = {
  allowed: boolean;
  limit: number;
  /** Hits left in this window after this one (0 when refused). */
  remaining: number;
  /** When the current window ends (ms epoch). */
  resetAt: number;
  /** Whole seconds until a retry can succeed (at least 1): the Retry-After header. */
  retryAfterSeconds: number;
};

export function windowStartOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

export function decision(options: { used: number; limit: number; windowStart: number; windowMs: number; now: number }): LimitDecision {
  const { used, limit, windowStart, windowMs, now } = options;
  const resetAt = windowStart + windowMs;
  const allowed = used < limit;
  return {
    allowed,
    limit,
    remaining: allowed ? limit - used - 1 : 0,
    resetAt,
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
  };
}
