// What the plan editor's pages (new plan, edit plan) show while they load.
import { Card, CardContent } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function PlanEditorSkeleton() {
  return (
    <div role="status" aria-live="polite" className="flex flex-col gap-5">
      <span className="sr-only">Loading the plan…</span>
      <div className="space-y-2">
        <Skeleton className="h-4 w-16" />
        <Skeleton className="h-7 w-48" />
      </div>
      {[0, 1, 2].map((card) => (
        <Card key={card}>
          <CardContent className="grid gap-4 pt-5 md:grid-cols-2">
            <Skeleton className="h-9" />
            <Skeleton className="h-9" />
            <Skeleton className="h-9 md:col-span-2" />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
