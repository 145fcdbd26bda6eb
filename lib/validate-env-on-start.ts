// A bad configuration stops the server at start-up, with a message that names the variable,
// instead of failing on the first request.
import { env, EnvError } from "@/lib/env";

try {
  env();
} catch (error) {
  if (!(error instanceof EnvError)) throw error;
  console.error(`\n${error.message}\n`);
  process.exit(1);
}
