// No proxy is needed. The file exists because Turbopack, finding no proxy in this project, takes
// the one at its root (the repository's: Equinox's own), which cannot build here
// (vercel/next.js#95287). It matches one path nothing links to, so it never runs in practice.
import { NextResponse } from "next/server";

export function proxy(): NextResponse {
  return NextResponse.next();
}

export const config = { matcher: ["/_no-proxy"] };
