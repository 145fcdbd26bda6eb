import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The example has no node_modules of its own: it builds with the repository's (next, react,
// autumn-js). Both roots point at the repository so Turbopack resolves and traces from there.
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

const nextConfig: NextConfig = {
  turbopack: { root: repositoryRoot },
  outputFileTracingRoot: repositoryRoot,
  // The repository's `npm run typecheck` checks these files with the rest of the project.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
