#!/usr/bin/env bash
# Installs what runs next to a counter (Debian 12 or Raspberry Pi OS bookworm): the program in /opt/onestop, the
# onestop user (in the dialout group), one agent unit per button box with a stable device name from udev, and
# optionally the citizens' kiosk screen. Running it again changes nothing that is already right.
set -euo pipefail

usage() {
  cat <<'EOT'
Usage: sudo scripts/install/install-counter.sh [options]
  --box N=SERIAL       button box N (1-99) is the USB adapter with that serial number (FTDI and most others)
  --box N=port:ID_PATH button box N is whatever is plugged into that USB port (CH340 boards have no serial number);
                       find both with: udevadm info -q property -n /dev/ttyUSB0 | grep -E 'ID_SERIAL_SHORT|ID_PATH='
  --hub URL            the hub, e.g. http://192.168.1.10:8080 (for pairing and the kiosk screen)
  --code CODE          pair the one box given with --box now (a code from the hub's admin page or "hub pair-code");
                       without --hub the hub is found on the LAN (mDNS), and you are asked to choose when several answer
  --pair-code CODE     the same as --code
  --screen kiosk       also show the hub's /kiosk full screen on this machine (a touchscreen PC)
  --screen-mode MODE   cage (default): cage and Chromium on the first console, no desktop (Debian, Pi OS Lite);
                       desktop: started by the desktop's autostart (Raspberry Pi OS bookworm with its desktop)
  --from PATH          a release tarball (npm run pack) or folder; default: the checkout or release holding this script
  --root DIR           install into DIR instead of / (a scratch root: no systemctl, no udevadm, users made inside DIR)
  --uninstall          remove the program, units and udev rules; the agents' pairing and outboxes stay
  --purge              with --uninstall: also delete /var/lib/onestop, /etc/onestop and the onestop user
EOT
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

ROOT="" from="$(cd "$here/../.." && pwd)" hub="" code="" screen="" screen_mode=cage uninstall=0 purge=0
boxes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(mkdir -p "$2" && cd "$2" && pwd)" && shift ;;
    --from) from="$2" && shift ;;
    --box) boxes+=("$2") && shift ;;
    --hub) hub="${2%/}" && shift ;;
    --code | --pair-code) code="$2" && shift ;;
    --screen) screen="$2" && shift ;;
    --screen-mode) screen_mode="$2" && shift ;;
    --uninstall) uninstall=1 ;;
    --purge) purge=1 ;;
    -h | --help) usage && exit 0 ;;
    *) usage >&2 && die "unknown option $1" ;;
  esac
  shift
done
[ "$ROOT" = "/" ] && ROOT=""

# every argument is checked before anything is changed
bad() {
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
  exit 2
}
rules=""
numbers=()
for b in "${boxes[@]}"; do
  if [[ "$b" =~ ^([1-9][0-9]?)=port:([A-Za-z0-9_.:-]+)$ ]]; then
    rules+="SUBSYSTEM==\"tty\", ENV{ID_PATH}==\"${BASH_REMATCH[2]}\", SYMLINK+=\"onestop-box-${BASH_REMATCH[1]}\", GROUP=\"dialout\", MODE=\"0660\", ENV{ID_MM_DEVICE_IGNORE}=\"1\""$'\n'
  elif [[ "$b" =~ ^([1-9][0-9]?)=([A-Za-z0-9_-]+)$ ]]; then
    rules+="SUBSYSTEM==\"tty\", ATTRS{serial}==\"${BASH_REMATCH[2]}\", SYMLINK+=\"onestop-box-${BASH_REMATCH[1]}\", GROUP=\"dialout\", MODE=\"0660\", ENV{ID_MM_DEVICE_IGNORE}=\"1\""$'\n'
  else
    bad "box-spec-invalid: --box $b (expected N=SERIAL or N=port:ID_PATH, N from 1 to 99)"
  fi
  for n in "${numbers[@]}"; do [ "$n" != "${BASH_REMATCH[1]}" ] || bad "box-number-repeated: box ${BASH_REMATCH[1]} is given twice"; done
  numbers+=("${BASH_REMATCH[1]}")
done
if [ -n "$hub" ] && ! [[ "$hub" =~ ^https?://[A-Za-z0-9._:-]+(/.*)?$ ]]; then bad "hub-url-invalid: --hub $hub (expected http://ADDRESS:PORT)"; fi
if [ -n "$code" ] && [ ${#numbers[@]} -ne 1 ]; then bad "pairing-needs-one-box: --code needs exactly one --box"; fi
if [ -n "$screen" ] && { [ "$screen" != kiosk ] || [ -z "$hub" ]; }; then bad "screen-invalid: --screen kiosk needs --hub URL"; fi
if [ "$screen_mode" != cage ] && [ "$screen_mode" != desktop ]; then bad "screen-mode-invalid: --screen-mode $screen_mode (expected cage or desktop)"; fi
[ "$(id -u)" -eq 0 ] || die "run it as root: sudo $0 $*"

reload_udev() {
  if real_system && command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload && udevadm trigger --subsystem-match=tty --action=add
  fi
}

if [ "$uninstall" -eq 1 ]; then
  echo "Removing the one-stop counter programs${ROOT:+ from $ROOT}:"
  if systemd_running; then
    mapfile -t agents < <(systemctl list-units --all --plain --no-legend 'onestop-agent@*' | awk '{print $1}')
    disable_units "${agents[@]}" onestop-screen@kiosk.service
  fi
  remove_path /etc/systemd/system/onestop-agent@.service
  remove_path /etc/xdg/autostart/onestop-screen-kiosk.desktop
  remove_path /etc/udev/rules.d/70-onestop-boxes.rules
  uninstall_shared onestop-hub.service hub "$purge" "kept the agents' pairing and outboxes in /var/lib/onestop (--purge deletes them)"
  reload_udev
  systemd_running && systemctl daemon-reload
  exit 0
fi

echo "Installing the one-stop counter programs${ROOT:+ into $ROOT}:"
check_node
# first: a release made for another machine is refused before anything is changed
install_program "$from"
prepare_scratch_root
ensure_user onestop /var/lib/onestop dialout
uid="$(uid_of onestop)" gid="$(gid_of onestop)"
ensure_dir /var/lib/onestop 0700 "$uid:$gid"
# 0755 as the hub installer makes it: its files keep their own modes (screen.env is read by the screen's user)
ensure_dir /etc/onestop 0755 0:0

# boxes already named by an earlier run are kept: the rules file is the sum of all runs' --box
rulesfile=/etc/udev/rules.d/70-onestop-boxes.rules
existing=""
[ -f "$(path_in_root "$rulesfile")" ] && existing="$(grep -E 'SYMLINK\+="onestop-box-' "$(path_in_root "$rulesfile")" || true)"
for n in "${numbers[@]}"; do existing="$(grep -v "SYMLINK+=\"onestop-box-$n\"" <<<"$existing" || true)"; done
# lines written before each box said ModemManager must leave it alone get it too
[ -z "$existing" ] || existing="$(sed '/ID_MM_DEVICE_IGNORE/! s/$/, ENV{ID_MM_DEVICE_IGNORE}="1"/' <<<"$existing")"
{
  cat "$(path_in_root /opt/onestop)/scripts/install/udev/70-onestop-boxes.rules.head"
  { [ -n "$existing" ] && echo "$existing"; printf '%s' "$rules"; } | awk 'match($0, /onestop-box-[0-9]+/) { print substr($0, RSTART + 12, RLENGTH - 12) "\t" $0 }' | sort -n | cut -f2-
} | write_file "$rulesfile" 0644 0:0
[ "$changes" -gt 0 ] && reload_udev

install_unit onestop-agent@.service
if [ -n "$code" ]; then
  n="${numbers[0]}"
  pair=("$NODE_BIN" "$(path_in_root /opt/onestop)/counter-agent/bin/counter-agent.mjs" pair --code "$code" --config "$(path_in_root "/var/lib/onestop/agent-$n.json")" --label "box $n")
  if [ -n "$hub" ]; then
    (umask 077 && "${pair[@]}" --hub "$hub") | sed 's/^/  /'
  else
    # found on the LAN: the agent lists the hubs that answer and asks on this terminal when there are several
    # (straight to the terminal: a pipe would hold the question back until it is answered)
    (umask 077 && "${pair[@]}")
  fi
  changes=$((changes + 1))
fi
chown -R "$uid:$gid" "$(path_in_root /var/lib/onestop)"

units=()
for f in "$(path_in_root /var/lib/onestop)"/agent-*.json; do
  [ -e "$f" ] || continue
  n="${f##*/agent-}" n="${n%.json}"
  units+=("onestop-agent@$n.service")
done
if [ -n "$screen" ]; then
  install_screen kiosk "$hub" "$screen_mode"
  [ -z "$screen_unit" ] || units+=("$screen_unit")
fi
[ ${#units[@]} -eq 0 ] || enable_units "${units[@]}"
restart_stopped_hub

if [ "$changes" -eq 0 ]; then echo "Nothing to change: this counter is installed as asked."; fi
echo
echo "Done. Boxes named so far: $(grep -oE 'onestop-box-[0-9]+' "$(path_in_root "$rulesfile")" | tr '\n' ' ')"
for b in "${boxes[@]}"; do
  n="${b%%=*}"
  if [ ! -f "$(path_in_root "/var/lib/onestop/agent-$n.json")" ]; then
    cat <<EOT
Next for box $n: make a pairing code for its counter on the hub (admin page, or: hub pair-code --counter ID), then
  sudo $0 --box $b --hub ${hub:-http://HUB-ADDRESS:8080} --code CODE
and its agent starts by itself (systemctl status onestop-agent@$n).
EOT
  fi
done
