import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

/** The customer page's shape while it loads: header, details, plans, balances. */
export default function Loading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading the customer…</span>
      <div className="mb-6 space-y-2">
        <Skeleton className="h-4 w-20" />
        <Skeleton className="h-7 w-64" />
        <Skeleton className="h-4 w-80" />
      </div>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,1fr)_300px]">
        <Card className="space-y-4 p-5 xl:col-start-2 xl:row-start-1">
          {Array.from({ length: 5 }, (_, i) => (
            <div key={i} className="space-y-1.5">
              <Skeleton className="h-3 w-20" />
              <Skeleton className="h-4 w-40" />
            </div>
          ))}
        </Card>
        <div className="flex flex-col gap-6 xl:col-start-1 xl:row-start-1">
          {[3, 4].map((rows, card) => (
            <Card key={card} className="overflow-hidden">
              <div className="space-y-2 px-5 pt-4 pb-3">
                <Skeleton className="h-5 w-32" />
                <Skeleton className="h-4 w-56" />
              </div>
              {Array.from({ length: rows }, (_, i) => (
                <div key={i} className="flex h-12 items-center gap-6 border-t border-border px-5">
                  <Skeleton className="h-4 w-32" />
                  <Skeleton className="h-4 w-24" />
                  <Skeleton className="h-4 w-20" />
                </div>
              ))}
            </Card>
          ))}
        </div>
      </div>
    </div>
  );
}
