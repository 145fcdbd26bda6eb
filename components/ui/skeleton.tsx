import { cn } from "@/lib/utils/cn";

/** Loading placeholder block. Size it with classes (`h-4 w-32`). Decorative: announce loading elsewhere. */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-muted", className)}
      {...props}
    />
  );
}
