// Runs in the browser before the app's own code (Next.js instrumentation-client convention).
//
// zod compiles object parsers with `new Function` when it may, and probes for that once. Under
// the pages' Content-Security-Policy (no 'unsafe-eval', see lib/security/content-security-policy.ts)
// the probe is refused and caught, but the browser still reports a violation. Telling zod up front
// not to try keeps the pages free of violations; parsing is the same, only not JIT-compiled.
import { config } from "zod";

config({ jitless: true });
