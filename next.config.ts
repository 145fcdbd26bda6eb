import type { NextConfig } from "next";
import { securityHeaderRules } from "./lib/security/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A self-contained server folder (.next/standalone) for the container image: only the files the
  // server needs, without dev dependencies. `npm start` serves the same build from the project.
  output: "standalone",
  outputFileTracingIncludes: {
    // The Prisma client loads its query compiler from lib/generated/prisma at run time
    // (scripts/lib/untrace-prisma-client.ts says why the tracer does not find it by itself).
    "*": ["./lib/generated/prisma/query_compiler_bg.wasm", "./lib/generated/prisma/schema.prisma"],
    // Readiness compares the database with the migrations this build ships (lib/ops/schema-status.ts).
    "/api/health/ready": ["./prisma/migrations/**/*.sql"],
  },
  reactStrictMode: true,
  // The customers CSV import sends a whole file's mapped rows (up to 10,000) to its dry run in one
  // server action (lib/customers/import/actions.ts); the default limit is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "5mb" } },
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
