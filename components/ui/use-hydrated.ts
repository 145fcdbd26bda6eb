"use client";
// Whether React has hydrated this page. A server-rendered form whose submit runs in JavaScript
// (the sign-in cards) is inert until then: clicked early, the browser would submit it itself, as
// a GET that puts the typed email in the address bar and does not sign in. Their buttons stay
// disabled until this is true.
import { useSyncExternalStore } from "react";

const subscribe = () => () => undefined;

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
