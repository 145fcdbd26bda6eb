"use client";
// The app's "ready" marker: <html data-hydrated> says that the page's own content has hydrated and
// its event handlers (buttons, keyboard shortcuts) are attached. The e2e fixtures wait for it, and
// so may a person's script. It is set from inside the page, not from the root providers: pages with
// a loading.tsx stream inside a Suspense boundary that hydrates after the root, so a marker set by
// the root came too early (the Customers page's `C` shortcut was lost when pressed right after it).
// Rendered by PageHeader (every dashboard and portal page), the sign-in card and the auth layout.
import { useEffect } from "react";

export function InteractiveMarker() {
  // A child's effects run before its parents' in the same commit, and all of them before the next
  // browser event is handled: by then every handler of this part of the page is in place.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}
