"use client";
// The user menu's dropdown (Radix DropdownMenu and its positioning), loaded the first time the
// menu is opened (components/shell/user-menu.tsx): every dashboard page shows the button, few
// visits open it, and the dropdown's code was about a tenth of the Customers page's JavaScript.
import { LogOut, MonitorX } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { USER_MENU_TRIGGER_CLASSES, UserMenuTriggerContents } from "./user-menu-trigger";

export type UserMenuDropdownProps = {
  name: string | null | undefined;
  email: string;
  role?: string;
  pending: boolean;
  /** Open on mount: the first click opened the menu while this was loading. */
  defaultOpen: boolean;
  canSignOut: boolean;
  canSignOutEverywhere: boolean;
  onSignOut: () => void;
  onSignOutEverywhere: () => void;
  children?: React.ReactNode;
  className?: string;
};

export default function UserMenuDropdown({
  name,
  email,
  role,
  pending,
  defaultOpen,
  canSignOut,
  canSignOutEverywhere,
  onSignOut,
  onSignOutEverywhere,
  children,
  className,
}: UserMenuDropdownProps) {
  const displayName = name?.trim() || email;
  return (
    <DropdownMenu defaultOpen={defaultOpen}>
      <DropdownMenuTrigger className={cn(USER_MENU_TRIGGER_CLASSES, className)}>
        <UserMenuTriggerContents name={name} email={email} pending={pending} />
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
        <DropdownMenuItem asChild disabled={pending || !canSignOut}>
          <button type="button" className="w-full" onClick={onSignOut}>
            <LogOut aria-hidden="true" />
            Sign out
          </button>
        </DropdownMenuItem>
        <DropdownMenuItem asChild disabled={pending || !canSignOutEverywhere}>
          <button type="button" className="w-full" onClick={onSignOutEverywhere}>
            <MonitorX aria-hidden="true" />
            Sign out everywhere
          </button>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
