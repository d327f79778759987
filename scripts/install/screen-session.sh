#!/usr/bin/env bash
# The desktop's autostart entry for a screen (install-counter.sh --screen-mode desktop writes
# /etc/xdg/autostart/onestop-screen-PAGE.desktop): runs kiosk-browser.sh and starts it again whenever the browser
# stops, as Restart=always does for the cage unit. One per page and login: a second start leaves at once.
# Usage: screen-session.sh kiosk|display   (the hub's address from /etc/onestop/screen.env, or ONESTOP_HUB_URL)
set -uo pipefail
page="${1:-kiosk}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
env_file="${ONESTOP_SCREEN_ENV:-/etc/onestop/screen.env}"
if [ -z "${ONESTOP_HUB_URL:-}" ] && [ -r "$env_file" ]; then
  # shellcheck source=/dev/null
  . "$env_file"
fi
export ONESTOP_HUB_URL

exec 9>"${XDG_RUNTIME_DIR:-/tmp}/onestop-screen-$page.lock"
if ! flock -n 9; then
  echo "screen-session.sh: the $page screen is already running in this session"
  exit 0
fi
while :; do
  "$here/kiosk-browser.sh" "$page" 9>&-
  echo "screen-session.sh: the browser stopped (exit $?); starting it again in 2 s"
  sleep 2
done
