export type Mode = "test" | "live";

export const MODES: readonly Mode[] = ["test", "live"];

/** `sk_test_…` / `sk_live_…`; anything else is not a key this emulator accepts. */
export function modeFromSecretKey(key: string): Mode | null {
  if (/^sk_test_\S+$/.test(key)) return "test";
  if (/^sk_live_\S+$/.test(key)) return "live";
  return null;
}
