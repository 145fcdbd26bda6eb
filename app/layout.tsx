import type { Metadata } from "next";
import { Providers } from "./providers";
import "./globals.css";

// Every page is rendered per request: its Content-Security-Policy carries a fresh nonce (proxy.ts)
// that Next.js stamps on the page's scripts, and a prerendered page would have none.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Equinox", template: "%s · Equinox" },
  description: "Billing and entitlements for your customers.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
