import { cn } from "@/lib/utils/cn";
import { diffAuditValues, formatAuditValue, type AuditDiffRow } from "@/lib/audit/audit-diff";

const CHANGE_LABEL: Record<AuditDiffRow["change"], string> = { added: "Added", removed: "Removed", changed: "Changed", unchanged: "Same" };

/** Before and after, field by field: changed rows first-class, unchanged ones quiet. */
export function AuditDiffView({ before, after }: { before: unknown; after: unknown }) {
  const rows = diffAuditValues(before, after);
  if (rows.length === 0) return <p className="text-[13px] text-muted-foreground">No before/after values were recorded for this event.</p>;
  const changed = rows.filter((row) => row.change !== "unchanged").length;
  return (
    <div className="overflow-x-auto rounded-md border border-border bg-background">
      <table className="w-full text-[13px]">
        <caption className="sr-only">
          {changed} of {rows.length} fields changed
        </caption>
        <thead className="bg-subtle text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="h-8 px-3 text-left font-medium">Field</th>
            <th scope="col" className="h-8 px-3 text-left font-medium">Before</th>
            <th scope="col" className="h-8 px-3 text-left font-medium">After</th>
            <th scope="col" className="h-8 px-3 text-left font-medium">
              <span className="sr-only">Change</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.path} className={cn("border-t border-border align-top", row.change === "unchanged" && "text-muted-foreground")}>
              <td className="px-3 py-1.5 font-mono whitespace-nowrap">{row.path}</td>
              <td className={cn("max-w-72 px-3 py-1.5 font-mono break-all", (row.change === "changed" || row.change === "removed") && "bg-destructive-soft text-destructive-ink")}>
                {formatAuditValue(row.before)}
              </td>
              <td className={cn("max-w-72 px-3 py-1.5 font-mono break-all", (row.change === "changed" || row.change === "added") && "bg-success-soft text-success-ink")}>
                {formatAuditValue(row.after)}
              </td>
              <td className="px-3 py-1.5 text-xs whitespace-nowrap">{row.change === "unchanged" ? "" : CHANGE_LABEL[row.change]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
