import { cn } from "@/lib/utils/cn";

export type SparklineBarsProps = Omit<React.ComponentProps<"svg">, "children" | "values" | "format"> & {
  /** One value per bucket, oldest first (typically 30 daily values). */
  values: number[];
  /** Optional label per bucket (e.g. "Mar 3"), same length as `values`; used in hover titles and the summary. */
  labels?: string[];
  /** What is measured, e.g. "API calls, last 30 days". Starts the accessible summary. */
  label: string;
  width?: number;
  height?: number;
  /** Gap between bars in px. Default 2. */
  gap?: number;
  /** Emphasise the last (most recent) bar. Default true. */
  highlightLast?: boolean;
  format?: (n: number) => string;
};

const defaultFormat = (n: number) => n.toLocaleString("en-US");

/**
 * Tiny bar chart (no chart library). Exposed as a single image whose accessible name summarises
 * the data (total, peak, latest); each bar has a hover title.
 */
export function SparklineBars({
  values,
  labels,
  label,
  width = 120,
  height = 28,
  gap = 2,
  highlightLast = true,
  format = defaultFormat,
  className,
  ...props
}: SparklineBarsProps) {
  const n = values.length;
  const max = Math.max(0, ...values);
  const total = values.reduce((sum, v) => sum + v, 0);
  const peakIndex = values.indexOf(max);
  const latest = n > 0 ? values[n - 1]! : 0;
  const at = (i: number) => labels?.[i] ?? null;

  const summary =
    n === 0
      ? `${label}: no data`
      : `${label}: total ${format(total)}, peak ${format(max)}${at(peakIndex) ? ` on ${at(peakIndex)}` : ""}, latest ${format(latest)}.`;

  const barWidth = n > 0 ? Math.max(1, (width - gap * (n - 1)) / n) : 0;

  return (
    <svg
      role="img"
      aria-label={summary}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={cn("shrink-0 overflow-visible", className)}
      {...props}
    >
      {values.map((v, i) => {
        const h = max > 0 ? Math.max(v > 0 ? 2 : 1, (v / max) * height) : 1;
        const x = i * (barWidth + gap);
        const isLast = i === n - 1;
        return (
          <rect
            key={i}
            x={x}
            y={height - h}
            width={barWidth}
            height={h}
            rx={Math.min(1.5, barWidth / 2)}
            className={cn(
              v === 0 ? "fill-zinc-200" : highlightLast && isLast ? "fill-primary" : "fill-primary/45",
              "transition-opacity hover:opacity-70",
            )}
          >
            <title>{`${at(i) ?? `#${i + 1}`}: ${format(v)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
