#!/usr/bin/env bash
# Starts Chromium full screen on the hub's /kiosk or /display page: the exact command line the screens use
# (systemd/onestop-screen@.service runs it inside cage; tests/install/ runs it headless against a real hub).
# It opens screen-start.html from the disk, which goes to the hub's page once the hub answers: a screen started
# before the hub (or before the network) says it is connecting and carries on by itself, never stuck on an error page.
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
# kept across restarts and power cuts: the kiosk's pairing (localStorage) and its queue of ratings not yet sent
# (IndexedDB) live there. The unit's StateDirectory= sets STATE_DIRECTORY; on a desktop it is the user's own.
profile="${ONESTOP_BROWSER_PROFILE:-${STATE_DIRECTORY:-${XDG_STATE_HOME:-$HOME/.local/state}}/onestop-$page-browser}"

# after a power cut or a kill Chromium would offer to restore the last session: tell it the last exit was clean
mkdir -p "$profile"
prefs="$profile/Default/Preferences"
if [ -f "$prefs" ]; then
  sed -i -e 's/"exited_cleanly":false/"exited_cleanly":true/' -e 's/"exit_type":"[A-Za-z]*"/"exit_type":"Normal"/' "$prefs"
fi

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
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
start="file://$here/screen-start.html?hub=$hub&page=$page"
echo "kiosk-browser.sh: opening $hub/$page as soon as the hub answers"
exec "$browser" "${flags[@]}" "${extra[@]}" "$start"
