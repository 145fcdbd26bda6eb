// The user menu's button face: the same for the stand-in shown until the dropdown's code is loaded
// and for the dropdown's own trigger, so nothing moves when one replaces the other.
import { ChevronsUpDown } from "lucide-react";
import { Spinner } from "@/components/ui/spinner";

export const USER_MENU_TRIGGER_CLASSES =
  "flex w-full items-center gap-2.5 rounded-md p-1.5 text-left transition-colors hover:bg-zinc-200/50 focus-visible:outline-offset-0 data-[state=open]:bg-zinc-200/60";

function initials(name: string | null | undefined, email: string): string {
  const source = name?.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  const letters = (parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[1]?.[0] ?? "") : "");
  return letters.toUpperCase() || "?";
}

export function UserMenuTriggerContents({ name, email, pending }: { name: string | null | undefined; email: string; pending: boolean }) {
  const displayName = name?.trim() || email;
  return (
    <>
      <span
        aria-hidden="true"
        className="flex size-7 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-2xs font-semibold text-indigo-700"
      >
        {initials(name, email)}
      </span>
      <span className="grid min-w-0 flex-1 leading-tight">
        <span className="truncate text-[13px] font-medium text-foreground">{displayName}</span>
        {name ? <span className="truncate text-xs text-muted-foreground">{email}</span> : null}
      </span>
      {pending ? (
        <Spinner size={14} className="text-muted-foreground" />
      ) : (
        <ChevronsUpDown className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
      )}
    </>
  );
}
