#!/usr/bin/env bash
# Starts Chromium full screen on the hub's /kiosk or /display page: the exact command line the screens use
# (systemd/onestop-screen@.service runs it inside cage; tests/install/ runs it headless against a real hub).
# Waits for the hub first, so a screen started before the hub shows the page, not an error.
# Usage: kiosk-browser.sh kiosk|display   (the hub's address in ONESTOP_HUB_URL; extra flags in ONESTOP_BROWSER_FLAGS)
set -euo pipefail
page="${1:-kiosk}"
case "$page" in
  kiosk | display) ;;
  *)
    echo "kiosk-browser.sh: the page must be kiosk or display, not \"$page\"" >&2
    exit 2
    ;;
esac
hub="${ONESTOP_HUB_URL:-http://localhost:8080}"
hub="${hub%/}"
# Debian's chromium; Raspberry Pi OS bookworm's package was long named chromium-browser
browser="${ONESTOP_BROWSER:-/usr/bin/chromium}"
[ -n "${ONESTOP_BROWSER:-}" ] || [ -x "$browser" ] || browser=/usr/bin/chromium-browser
profile="${ONESTOP_BROWSER_PROFILE:-${XDG_RUNTIME_DIR:-/tmp}/onestop-$page-profile}"

until curl -fsS -o /dev/null --max-time 3 "$hub/healthz"; do
  echo "kiosk-browser.sh: waiting for the hub at $hub"
  sleep 3
done

# a fresh profile at every start: no "restore pages?" bubble after a power cut, nothing kept between citizens
rm -rf "$profile"
mkdir -p "$profile"

# shellcheck disable=SC2054 # the commas are inside single flags (--disable-features=A,B)
flags=(
  --kiosk
  --noerrdialogs
  --disable-session-crashed-bubble
  --disable-pinch
  --overscroll-history-navigation=0
  --touch-events=enabled
  --check-for-update-interval=31536000
  --no-first-run
  --no-default-browser-check
  --disable-translate
  --disable-features=Translate,TouchpadOverscrollHistoryNavigation
  --disable-sync
  --disable-background-networking
  --disable-component-update
  --password-store=basic
  --autoplay-policy=no-user-gesture-required
  --ozone-platform-hint=auto
  "--user-data-dir=$profile"
)
# extra flags (ONESTOP_BROWSER_FLAGS, space-separated), e.g. --headless for the tests
read -r -a extra <<<"${ONESTOP_BROWSER_FLAGS:-}"
exec "$browser" "${flags[@]}" "${extra[@]}" "$hub/$page"
