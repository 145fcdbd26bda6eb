// next-auth's endpoints (/api/auth/signin, /callback/*, /session, /csrf, ...). The configuration
// lives in lib/auth/auth-options.ts. Sign-in emails are rate limited per address and per IP.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";
import { withSignInEmailLimit } from "@/lib/rate-limit/sign-in-email-limit";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

function handler(request: Request, context: RouteContext): Promise<Response> {
  return NextAuth(request as never, context as never, authOptions());
}

const limitedHandler = withSignInEmailLimit(handler);

export { handler as GET, limitedHandler as POST };
