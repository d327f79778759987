import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A tiny router: the page is chosen from location.pathname; links use the History API. */
function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  return () => window.removeEventListener('popstate', cb);
}

/** The current path without a trailing slash ("/" stays "/"). */
export function usePathname(): string {
  const p = useSyncExternalStore(subscribe, () => window.location.pathname);
  return p.length > 1 ? p.replace(/\/+$/, '') : p;
}

export function navigate(to: string): void {
  const url = new URL(to, window.location.href);
  const here = window.location;
  if (url.pathname === here.pathname && url.search === here.search && url.hash === here.hash) return;
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  // a link to a part of a page (/admin#counters): shown once the page has rendered
  if (url.hash) requestAnimationFrame(() => document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView({ block: 'start' }));
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const go = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={go} {...rest} />;
}
