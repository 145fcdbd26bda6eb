"use client";
// Toasts (sonner), with sonner loaded the first time a toast is shown: every page renders the
// outlet, few page views show a toast, and sonner was about a twentieth of a page's JavaScript.
//
// Render <Toaster /> once, in the root layout. Then from any client component:
// `toast.success("Plan saved")`, `toast.error("…")`, `toast.info(…)`, `toast.warning(…)`, with
// sonner's options (description, action, duration…). A toast sent while sonner loads is shown
// as soon as its outlet listens.
import { lazy, Suspense, useSyncExternalStore } from "react";
import type { ExternalToast, ToasterProps } from "sonner";

type Kind = "success" | "error" | "info" | "warning";
type Message = string | React.ReactNode;

const loadSonner = () => import("sonner");
const SonnerOutlet = lazy(() => import("./sonner-outlet"));

// Whether a toast was asked for (the outlet mounts from then on), and when the outlet listens.
let wanted = false;
const wantedListeners = new Set<() => void>();
let outletReady: () => void = () => undefined;
const outletListening = new Promise<void>((resolve) => {
  outletReady = resolve;
});

function show(kind: Kind, message: Message, data?: ExternalToast): void {
  if (!wanted) {
    wanted = true;
    for (const listener of wantedListeners) listener();
  }
  void Promise.all([loadSonner(), outletListening]).then(([{ toast: sonnerToast }]) => sonnerToast[kind](message, data));
}

export const toast = {
  success: (message: Message, data?: ExternalToast) => show("success", message, data),
  error: (message: Message, data?: ExternalToast) => show("error", message, data),
  info: (message: Message, data?: ExternalToast) => show("info", message, data),
  warning: (message: Message, data?: ExternalToast) => show("warning", message, data),
};

function subscribe(listener: () => void) {
  wantedListeners.add(listener);
  return () => wantedListeners.delete(listener);
}

/** The app-wide toast outlet: nothing until the first toast, then sonner's. */
export function Toaster(props: ToasterProps) {
  const isWanted = useSyncExternalStore(
    subscribe,
    () => wanted,
    () => false,
  );
  if (!isWanted) return null;
  return (
    <Suspense fallback={null}>
      <SonnerOutlet {...props} onReady={outletReady} />
    </Suspense>
  );
}
