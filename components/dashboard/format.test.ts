// The dashboard's date texts, as staff read them in tables and timelines.
import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatRelative } from "./format";

describe("dashboard date formatting", () => {
  it("writes dates and times in one fixed form", () => {
    const date = new Date(2026, 10, 5, 9, 5); // local time, as the screens show it
    expect(formatDate(date)).toBe("Nov 5, 2026");
    expect(formatDateTime(date)).toBe("Nov 5, 2026 09:05");
    expect(formatDateTime(new Date(2026, 0, 31, 23, 59).toISOString())).toBe("Jan 31, 2026 23:59");
  });

  it("says how long ago in the largest unit that fits", () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const ago = (ms: number) => formatRelative(new Date(now.getTime() - ms), now);
    expect(ago(0)).toBe("0 seconds ago");
    expect(ago(45_000)).toBe("45 seconds ago");
    expect(ago(60_000)).toBe("1 minute ago");
    expect(ago(89 * 60_000)).toBe("1 hour ago");
    expect(ago(3 * 86_400_000)).toBe("3 days ago");
    expect(ago(45 * 86_400_000)).toBe("2 months ago");
    expect(ago(400 * 86_400_000)).toBe("1 year ago");
    expect(formatRelative(new Date(now.getTime() + 2 * 86_400_000), now)).toBe("in 2 days");
  });
});
