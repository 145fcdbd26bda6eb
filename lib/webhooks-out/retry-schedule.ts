// When a failed delivery is tried again: the schedule Standard Webhooks suggests (and Svix runs),
// cut at 24 hours after the first attempt, with one last attempt at the 24-hour mark.
//   attempt 1 at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, and at 24 h: 8 attempts.

export const RETRY_DELAYS_MS = [5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000] as const;
export const RETRY_WINDOW_MS = 24 * 3_600_000;

/**
 * After `attempts` failed attempts (the first at `firstAttemptAt`, the last started at `lastStartedAt`
 * and ended at `now`): when to try again, or null to give up.
 */
export function nextAttemptAt(firstAttemptAt: Date, attempts: number, lastStartedAt: Date, now: Date): Date | null {
  const deadline = firstAttemptAt.getTime() + RETRY_WINDOW_MS;
  if (now.getTime() >= deadline) return null;
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;
  return new Date(Math.min(Math.max(lastStartedAt.getTime() + delay, now.getTime()), deadline));
}
