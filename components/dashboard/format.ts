// Display formatting shared by dashboard screens. Fixed locale (en-US) so that server and
// browser render the same text.
import { format, formatDistanceToNowStrict } from "date-fns";

export function formatDateTime(value: Date | string): string {
  return format(new Date(value), "MMM d, yyyy HH:mm");
}

export function formatDate(value: Date | string): string {
  return format(new Date(value), "MMM d, yyyy");
}

export function formatRelative(value: Date | string): string {
  return `${formatDistanceToNowStrict(new Date(value))} ago`;
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
