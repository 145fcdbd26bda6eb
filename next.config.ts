import type { NextConfig } from "next";
import { securityHeaderRules } from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // pg and the Prisma adapter are Node libraries: load them at run time, do not bundle them.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  // `npm test` type-checks the whole project as its own first stage; building does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Security headers on every response (lib/security/security-headers.ts); the pages' per-request
  // Content-Security-Policy is set by proxy.ts.
  async headers() {
    return securityHeaderRules({ production: process.env.NODE_ENV === "production" });
  },
};

export default nextConfig;
