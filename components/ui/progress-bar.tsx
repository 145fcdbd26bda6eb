import { cn } from "@/lib/utils/cn";

export type ProgressBarProps = Omit<React.ComponentProps<"div">, "children"> & {
  /** Amount used. */
  value: number;
  /** Limit. `null` means unlimited (no bar is drawn, just the value). */
  max: number | null;
  /** Accessible name, e.g. "API calls this period". Required: the bar has no other label. */
  label: string;
  /** Fraction of `max` at which the bar turns amber. Default 0.8. At or over 100% it turns red. */
  warnAt?: number;
  /** Show "used / limit" text above the bar. Default true. */
  showValue?: boolean;
  /** Number formatter for the text. Default `toLocaleString("en-US")`. */
  format?: (n: number) => string;
  /** Unit appended to the text, e.g. "seats". */
  unit?: string;
};

const defaultFormat = (n: number) => n.toLocaleString("en-US");

/** Usage-against-limit bar (role="progressbar" with aria values); amber near the limit, red at/over it. */
export function ProgressBar({
  value,
  max,
  label,
  warnAt = 0.8,
  showValue = true,
  format = defaultFormat,
  unit,
  className,
  ...props
}: ProgressBarProps) {
  const suffix = unit ? ` ${unit}` : "";
  if (max === null) {
    return (
      <div data-slot="progress" className={cn("grid gap-1.5", className)} {...props}>
        <div className="flex items-baseline justify-between gap-2 text-[13px]">
          <span className="text-muted-foreground">{label}</span>
          <span className="numeric text-foreground">
            {format(value)}
            {suffix} <span className="text-muted-foreground">/ Unlimited</span>
          </span>
        </div>
      </div>
    );
  }

  const ratio = max > 0 ? value / max : value > 0 ? Infinity : 0;
  const tone = ratio >= 1 ? "danger" : ratio >= warnAt ? "warning" : "normal";
  const pct = Math.max(0, Math.min(100, ratio * 100));
  const valueText = `${format(value)}${suffix} of ${format(max)}${suffix} used${ratio > 1 ? " (over limit)" : ""}`;

  return (
    <div data-slot="progress" data-tone={tone} className={cn("grid gap-1.5", className)} {...props}>
      {showValue ? (
        <div className="flex items-baseline justify-between gap-2 text-[13px]" aria-hidden="true">
          <span className="truncate text-muted-foreground">{label}</span>
          <span
            className={cn(
              "numeric shrink-0",
              tone === "danger" ? "font-medium text-destructive-ink" : tone === "warning" ? "text-warning-ink" : "text-foreground",
            )}
          >
            {format(value)} <span className="text-muted-foreground">/ {format(max)}{suffix}</span>
          </span>
        </div>
      ) : null}
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={Math.min(Math.max(value, 0), max)}
        aria-valuetext={valueText}
        className="h-1.5 w-full overflow-hidden rounded-full bg-muted"
      >
        <div
          className={cn(
            "h-full rounded-full transition-[width] duration-300",
            tone === "danger" ? "bg-destructive" : tone === "warning" ? "bg-warning" : "bg-primary",
          )}
          style={{ width: `${pct}%` }}
        />
      </div>
    </div>
  );
}
