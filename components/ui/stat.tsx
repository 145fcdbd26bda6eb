import { cn } from "@/lib/utils/cn";

export type StatProps = Omit<React.ComponentProps<"div">, "children"> & {
  label: React.ReactNode;
  value: React.ReactNode;
  /** Secondary line under the value (e.g. "of 10,000 included"). */
  hint?: React.ReactNode;
};

/** Label + big number, for summary rows. Values use tabular numerals. Usable anywhere (no dl required). */
export function Stat({ label, value, hint, className, ...props }: StatProps) {
  return (
    <div data-slot="stat" className={cn("flex min-w-0 flex-col gap-1", className)} {...props}>
      <div className="truncate text-[13px] text-muted-foreground">{label}</div>
      <div className="numeric truncate text-xl leading-7 font-semibold tracking-tight text-foreground">{value}</div>
      {hint ? <div className="truncate text-xs text-muted-foreground">{hint}</div> : null}
    </div>
  );
}

/** Responsive row of Stats: `<StatGroup><Stat …/><Stat …/></StatGroup>`. */
export function StatGroup({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="stat-group"
      className={cn("grid grid-cols-[repeat(auto-fit,minmax(10rem,1fr))] gap-6", className)}
      {...props}
    />
  );
}
