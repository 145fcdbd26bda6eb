import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // pg and the Prisma adapter are Node libraries: load them at run time, do not bundle them.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  // `npm test` type-checks the whole project as its own first stage; building does not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
