import Link from "next/link";
import { EquinoxMark } from "@/components/shell/app-shell";
import { InteractiveMarker } from "@/components/ui/interactive-marker";

/** Sign-in pages: one centered column, the wordmark above the card. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col items-center bg-subtle px-4 py-12 sm:py-20">
      <Link href="/" className="mb-8 flex items-center gap-2 rounded-md px-1 text-base font-semibold tracking-tight text-foreground">
        <EquinoxMark className="text-primary" />
        Equinox
      </Link>
      <main id="main-content" className="w-full max-w-sm">
        {children}
      </main>
      <InteractiveMarker />
    </div>
  );
}
