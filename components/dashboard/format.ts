// Display formatting shared by dashboard screens. Fixed locale (en-US) so that server and
// browser render the same text. Dates through the platform's Intl (no date library in the pages'
// JavaScript): "Nov 5, 2026", "Nov 5, 2026 09:05", "3 days ago".

const DATE = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", year: "numeric" });
const TIME = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const RELATIVE = new Intl.RelativeTimeFormat("en-US", { numeric: "always" });

export function formatDateTime(value: Date | string): string {
  const date = new Date(value);
  return `${DATE.format(date)} ${TIME.format(date)}`;
}

export function formatDate(value: Date | string): string {
  return DATE.format(new Date(value));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "45 seconds ago", "3 days ago", "2 months ago": the largest unit that fits, rounded. */
export function formatRelative(value: Date | string, now: Date = new Date()): string {
  const ms = new Date(value).getTime() - now.getTime();
  const past = Math.abs(ms);
  const sign = ms <= 0 ? -1 : 1;
  if (past < MINUTE) return RELATIVE.format(sign * Math.round(past / 1000), "second");
  if (past < HOUR) return RELATIVE.format(sign * Math.round(past / MINUTE), "minute");
  if (past < DAY) return RELATIVE.format(sign * Math.round(past / HOUR), "hour");
  if (past < 30 * DAY) return RELATIVE.format(sign * Math.round(past / DAY), "day");
  const months = Math.round(past / (30 * DAY));
  if (months < 12) return RELATIVE.format(sign * months, "month");
  return RELATIVE.format(sign * Math.round(past / (365 * DAY)), "year");
}

/** Minor units → "$12.50" (currency-aware number of decimals). */
export function formatMoney(amountMinor: number, currency: string): string {
  const code = currency.toUpperCase();
  const digits = currencyDigits(code);
  return new Intl.NumberFormat("en-US", { style: "currency", currency: code, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    amountMinor / 10 ** digits,
  );
}

/** How many decimals a currency has (JPY 0, USD 2, ...). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 }).format(value);
}
