import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** The loading state of a list page: header, toolbar and rows in the shape of the real table. */
export function TableSkeleton({ label, rows = 6, columns = 5, toolbar = false }: { label: string; rows?: number; columns?: number; toolbar?: boolean }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading {label}…</span>
      <div className="mb-6 flex items-start justify-between gap-6">
        <div className="space-y-2">
          <Skeleton className="h-7 w-40" />
          <Skeleton className="h-4 w-72" />
        </div>
        <Skeleton className="h-9 w-32" />
      </div>
      {toolbar ? (
        <div className="mb-4 flex gap-2">
          <Skeleton className="h-9 w-56" />
          <Skeleton className="h-9 w-40" />
          <Skeleton className="h-9 w-48" />
        </div>
      ) : null}
      <Card className="overflow-hidden">
        <div className="flex h-9 items-center gap-6 border-b border-border bg-subtle px-4">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className="h-3 w-20" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, row) => (
          <div key={row} className="flex h-11 items-center gap-6 border-b border-border px-4 last:border-0">
            {Array.from({ length: columns }, (_, i) => (
              <Skeleton key={i} className={i === 0 ? "h-4 w-36" : "h-4 w-20"} />
            ))}
          </div>
        ))}
      </Card>
    </div>
  );
}
