"use client";

import { useRef, useTransition } from "react";
import { ChevronsUpDown, LogOut, MonitorX } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Spinner } from "@/components/ui/spinner";

type Handler = () => unknown;
type FormAction = (formData: FormData) => void | Promise<void>;

export type UserMenuProps = {
  name: string | null | undefined;
  email: string;
  /** e.g. "Owner", "Admin", "Viewer". */
  role?: string;
  /** Either a callback (client function or server action called with no arguments)… */
  onSignOut?: Handler;
  onSignOutEverywhere?: Handler;
  /** …or form actions (submitted from a hidden form, so they work as server actions). */
  signOutAction?: FormAction;
  signOutEverywhereAction?: FormAction;
  /** Extra menu items rendered above the sign-out group. */
  children?: React.ReactNode;
  className?: string;
};

function initials(name: string | null | undefined, email: string): string {
  const source = name?.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  const letters = (parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts[1]?.[0] ?? "") : "");
  return letters.toUpperCase() || "?";
}

/** Sidebar footer account button; menu shows name/email/role and "Sign out" / "Sign out everywhere". */
export function UserMenu({
  name,
  email,
  role,
  onSignOut,
  onSignOutEverywhere,
  signOutAction,
  signOutEverywhereAction,
  children,
  className,
}: UserMenuProps) {
  const [pending, startTransition] = useTransition();
  const signOutForm = useRef<HTMLFormElement>(null);
  const everywhereForm = useRef<HTMLFormElement>(null);

  function run(handler: Handler | undefined, form: React.RefObject<HTMLFormElement | null>) {
    if (handler) {
      startTransition(async () => {
        await handler();
      });
    } else {
      form.current?.requestSubmit();
    }
  }

  const displayName = name?.trim() || email;

  return (
    <>
      {signOutAction ? <form ref={signOutForm} action={signOutAction} hidden /> : null}
      {signOutEverywhereAction ? <form ref={everywhereForm} action={signOutEverywhereAction} hidden /> : null}
      <DropdownMenu>
        <DropdownMenuTrigger
          className={cn(
            "flex w-full items-center gap-2.5 rounded-md p-1.5 text-left transition-colors hover:bg-zinc-200/50",
            "focus-visible:outline-offset-0 data-[state=open]:bg-zinc-200/60",
            className,
          )}
        >
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
        </DropdownMenuTrigger>
        <DropdownMenuContent side="top" align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-56">
          <DropdownMenuLabel className="flex flex-col gap-0.5 py-2 font-normal">
            <span className="truncate text-[13px] font-medium text-foreground">{displayName}</span>
            {name ? <span className="truncate text-xs text-muted-foreground">{email}</span> : null}
            {role ? <span className="text-xs text-muted-foreground">Role: {role}</span> : null}
          </DropdownMenuLabel>
          <DropdownMenuSeparator />
          {children ? (
            <>
              {children}
              <DropdownMenuSeparator />
            </>
          ) : null}
          <DropdownMenuItem asChild disabled={pending || !(onSignOut || signOutAction)}>
            <button type="button" className="w-full" onClick={() => run(onSignOut, signOutForm)}>
              <LogOut aria-hidden="true" />
              Sign out
            </button>
          </DropdownMenuItem>
          <DropdownMenuItem asChild disabled={pending || !(onSignOutEverywhere || signOutEverywhereAction)}>
            <button type="button" className="w-full" onClick={() => run(onSignOutEverywhere, everywhereForm)}>
              <MonitorX aria-hidden="true" />
              Sign out everywhere
            </button>
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
    </>
  );
}
