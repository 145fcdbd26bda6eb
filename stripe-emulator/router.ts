export interface Route<T> {
  method: string;
  path: string;
  value: T;
}

interface CompiledRoute<T> extends Route<T> {
  regex: RegExp;
  names: string[];
}

export interface RouteMatch<T> {
  value: T;
  params: Record<string, string>;
}

/** Minimal `/v1/customers/:id` matcher; literal segments win because they are registered first. */
export class Router<T> {
  private readonly routes: CompiledRoute<T>[] = [];

  add(route: Route<T>): void {
    const names: string[] = [];
    const pattern = route.path
      .split("/")
      .map((segment) => {
        if (segment.startsWith(":")) {
          names.push(segment.slice(1));
          return "([^/]+)";
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ ...route, regex: new RegExp(`^${pattern}/?$`), names });
  }

  match(method: string, path: string): RouteMatch<T> | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.regex.exec(path);
      if (found === null) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? "");
      });
      return { value: route.value, params };
    }
    return null;
  }
}
