// A bare Next.js app: no configuration at all (bench/next-bare/app/v1/balances.check/route.ts).
import type { NextConfig } from "next";

const nextConfig: NextConfig = {};

export default nextConfig;
