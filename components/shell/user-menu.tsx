"use client";

import { lazy, Suspense, useRef, useState, useTransition } from "react";
import { cn } from "@/lib/utils/cn";
import { USER_MENU_TRIGGER_CLASSES, UserMenuTriggerContents } from "./user-menu-trigger";

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

// The dropdown's code is fetched when the pointer or focus reaches the button (so it is usually
// there by the click) and mounted on the first click, opened.
const loadDropdown = () => import("./user-menu-dropdown");
const UserMenuDropdown = lazy(loadDropdown);

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
  const [opened, setOpened] = useState(false);
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

  // Until the first opening: a button that looks the same and says it opens a menu.
  const standIn = (
    <button
      type="button"
      aria-haspopup="menu"
      aria-expanded={false}
      aria-busy={opened || undefined}
      className={cn(USER_MENU_TRIGGER_CLASSES, className)}
      onPointerEnter={() => void loadDropdown()}
      onFocus={() => void loadDropdown()}
      onClick={() => setOpened(true)}
      onKeyDown={(event) => {
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          event.preventDefault();
          setOpened(true);
        }
      }}
    >
      <UserMenuTriggerContents name={name} email={email} pending={pending} />
    </button>
  );

  return (
    <>
      {signOutAction ? <form ref={signOutForm} action={signOutAction} hidden /> : null}
      {signOutEverywhereAction ? <form ref={everywhereForm} action={signOutEverywhereAction} hidden /> : null}
      {opened ? (
        <Suspense fallback={standIn}>
          <UserMenuDropdown
            name={name}
            email={email}
            role={role}
            pending={pending}
            defaultOpen
            canSignOut={Boolean(onSignOut || signOutAction)}
            canSignOutEverywhere={Boolean(onSignOutEverywhere || signOutEverywhereAction)}
            onSignOut={() => run(onSignOut, signOutForm)}
            onSignOutEverywhere={() => run(onSignOutEverywhere, everywhereForm)}
            className={className}
          >
            {children}
          </UserMenuDropdown>
        </Suspense>
      ) : (
        standIn
      )}
    </>
  );
}
