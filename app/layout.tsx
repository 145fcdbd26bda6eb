import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Equinox", template: "%s · Equinox" },
  description: "Billing and entitlements for your customers.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
