// One page: the sign-in form, or the signed-in customer's billing (client components under the
// autumn-js provider).
import { signIn, signOut } from "./actions";
import { currentUser } from "../lib/session";
import { Providers } from "./components/providers";
import { Billing } from "./components/billing";

export default async function Home() {
  const user = await currentUser();
  if (!user) {
    return (
      <main>
        <h1>Acme Notes</h1>
        <form action={signIn} className="card" aria-label="Sign in">
          <p>A demo sign-in: say who you are (a real app has its own authentication).</p>
          <label>
            User id <input name="id" required defaultValue="user_123" />
          </label>
          <label>
            Email <input name="email" type="email" required defaultValue="user_123@example.com" />
          </label>
          <button type="submit">Sign in</button>
        </form>
      </main>
    );
  }
  return (
    <main>
      <header className="row">
        <h1>Acme Notes</h1>
        <form action={signOut}>
          <span className="muted">Signed in as {user.email}</span> <button type="submit">Sign out</button>
        </form>
      </header>
      <Providers>
        <Billing />
      </Providers>
    </main>
  );
}
