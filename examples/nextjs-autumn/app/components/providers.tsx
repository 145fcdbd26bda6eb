"use client";
// autumn-js's provider: its hooks call this app's /api/autumn/* (the backend handler), same origin.
import type { ReactNode } from "react";
import { AutumnProvider } from "autumn-js/react";

export function Providers({ children }: { children: ReactNode }) {
  return <AutumnProvider>{children}</AutumnProvider>;
}
