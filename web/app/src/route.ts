// The page shown, kept in the URL's hash (#/inferences, #/import, ...) so Back, Forward, reloads and
// links work without a server.
import { useEffect, useState } from 'preact/hooks';

/** The app's pages, in the order the navigation shows them. */
export const ROUTES = ['inferences', 'import', 'datasets', 'rules', 'review'] as const;
/** One page of the app. */
export type Route = (typeof ROUTES)[number];

/** The page a hash names; the Inferences page for anything else. */
export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'inferences';
}

/** The current page, following hash changes. */
export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeOf(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

/** Shows another page. */
export function go(route: Route) {
  location.hash = `#/${route}`;
}
