/**
 * Registers the service worker that keeps the kiosk page itself available when the hub is down (a tablet that
 * reboots during an outage still shows its buttons). Browsers allow it only on a secure context: localhost,
 * HTTPS, or an origin the kiosk browser is told to treat as secure.
 */
export function registerOfflineShell(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/kiosk' }).catch((err: unknown) => {
    console.warn('offline shell not installed', err);
  });
}
