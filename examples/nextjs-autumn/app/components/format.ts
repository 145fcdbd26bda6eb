// Money and dates as the screens show them. Equinox answers amounts in major units (dollars).
export function money(amount: number, currency = "usd"): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: currency.toUpperCase() }).format(amount);
}

export function day(epochMs: number): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(epochMs));
}
