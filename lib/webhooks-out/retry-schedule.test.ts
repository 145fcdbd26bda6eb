import { describe, expect, it } from "vitest";
import { nextAttemptAt, RETRY_DELAYS_MS, RETRY_WINDOW_MS } from "./retry-schedule";

const first = new Date("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(first.getTime() + ms);

describe("nextAttemptAt", () => {
  it("follows 5 s, 5 min, 30 min, 2 h, 5 h, 10 h after each failed attempt, then one last attempt at 24 h, then gives up", () => {
    const times: number[] = [0];
    let attempts = 1;
    for (;;) {
      const last = at(times.at(-1)!);
      const next = nextAttemptAt(first, attempts, last, last);
      if (!next) break;
      times.push(next.getTime() - first.getTime());
      attempts++;
    }
    const s = 1000;
    const m = 60 * s;
    const h = 60 * m;
    expect(times).toEqual([0, 5 * s, 5 * s + 5 * m, 5 * s + 35 * m, 5 * s + 2 * h + 35 * m, 5 * s + 7 * h + 35 * m, 5 * s + 17 * h + 35 * m, RETRY_WINDOW_MS]);
    expect(attempts).toBe(8);
  });

  it("never schedules before the attempt ended (a slow timeout), nor past the window", () => {
    expect(nextAttemptAt(first, 1, first, at(10_000))!.getTime()).toBe(first.getTime() + 10_000);
    expect(nextAttemptAt(first, 6, at(RETRY_WINDOW_MS - 1000), at(RETRY_WINDOW_MS - 1000))!.getTime()).toBe(first.getTime() + RETRY_WINDOW_MS);
    expect(nextAttemptAt(first, 2, at(RETRY_WINDOW_MS), at(RETRY_WINDOW_MS))).toBeNull();
    expect(RETRY_DELAYS_MS[0]).toBe(5_000);
  });
});
