import { cn } from "@/lib/utils/cn";

export type SpinnerProps = Omit<React.ComponentProps<"svg">, "children"> & {
  /** Pixel size (width and height). Default 16. */
  size?: number;
  /** When set, the spinner is announced (role="status") with this text; otherwise it is decorative. */
  label?: string;
};

/** Small indeterminate spinner; inherits `currentColor`. */
export function Spinner({ size = 16, label, className, ...props }: SpinnerProps) {
  const svg = (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      aria-hidden="true"
      focusable="false"
      className={cn("shrink-0 animate-spin", className)}
      {...props}
    >
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.2" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
  if (!label) return svg;
  return (
    <span role="status" className="inline-flex items-center">
      {svg}
      <span className="sr-only">{label}</span>
    </span>
  );
}
