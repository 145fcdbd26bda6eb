"use client";

import { useState } from "react";
import { signOut } from "next-auth/react";
import { LogOut } from "lucide-react";
import { Button } from "@/components/ui/button";

/** next-auth's own sign-out (deletes the database session), back to the portal's sign-in page. */
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/portal/sign-in?signedOut=1" });
      }}
    >
      <LogOut aria-hidden="true" />
      Sign out
    </Button>
  );
}
