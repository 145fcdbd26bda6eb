// Tells zod, in the browser, not to JIT-compile. zod compiles object parsers with `new Function`
// when it may and probes for that once; under the pages' Content-Security-Policy (no
// 'unsafe-eval', see lib/security/content-security-policy.ts) the probe is refused and caught, but
// the browser still reports a violation. Parsing is the same, only not compiled.
//
// Imported by every client module that validates with zod (through lib/forms/zod-resolver.ts, or
// directly), so the setting is made before anything parses. Not in instrumentation-client.ts: that
// put zod (about 5 KB compressed) into every page, forms or not. Not on the server, where route
// handlers share zod and compile freely.
import { config } from "zod";

if (typeof window !== "undefined") config({ jitless: true });
