// Setup of the unit (and dom) project: pure code only. A test that opens a PostgreSQL connection
// fails here with a message that says what to do, so the fast run cannot quietly grow a database.
import pg from "pg";
import { beforeEach } from "vitest";

const refusal = "This test opened a database connection, but it runs in the unit project (no database). Rename it *.db.test.ts to run it in the db project.";

let attempted = false;
pg.Client.prototype.connect = function refuseConnection(this: pg.Client, callback?: (error: Error) => void) {
  attempted = true;
  const error = new Error(refusal);
  if (callback) return callback(error);
  return Promise.reject(error);
} as typeof pg.Client.prototype.connect;

// Code that catches the refusal (a retry loop, a health check) must not turn it into a pass.
beforeEach(({ onTestFinished, task }) => {
  attempted = false;
  onTestFinished(() => {
    if (attempted) throw new Error(`${task.name}: ${refusal}`);
  });
});

// env() validates these; nothing listens on port 1, and the connection is refused above anyway.
process.env.DATABASE_URL = "postgresql://unit-tests-have-no-database@127.0.0.1:1/none";
process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123";
process.env.STRIPE_API_BASE = "http://127.0.0.1:1";
