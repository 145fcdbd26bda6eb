"use client";

import { parseAsBoolean, useQueryState } from "nuqs";
import { Switch } from "@/components/ui/switch";
import { Label } from "@/components/ui/label";

/** "Show archived" for a catalog list: URL state (`?archived=true`), read by the server page. */
export function ShowArchivedSwitch({ id = "show-archived" }: { id?: string }) {
  const [archived, setArchived] = useQueryState("archived", parseAsBoolean.withDefault(false).withOptions({ shallow: false, history: "replace" }));
  return (
    <div className="flex items-center gap-2">
      <Switch id={id} size="sm" checked={archived} onCheckedChange={(checked) => void setArchived(checked || null)} />
      <Label htmlFor={id} className="font-normal text-muted-foreground">
        Show archived
      </Label>
    </div>
  );
}
