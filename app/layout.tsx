import type { Metadata } from "next";
import { Providers } from "./providers";
import "./globals.css";

// Every page is rendered per request: its Content-Security-Policy carries a fresh nonce (proxy.ts)
// that Next.js stamps on the page's scripts, and a prerendered page would have none.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Equinox", template: "%s · Equinox" },
  description: "Billing and entitlements for your customers.",
  // Files in public/ (a request for /favicon.ico that answered 404 was a console error on every first load).
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "32x32" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
  },
  manifest: "/site.webmanifest",
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
