#!/usr/bin/env bash
# Installs the commune hub on this machine (Debian 12 or Raspberry Pi OS bookworm): the program in /opt/onestop, the
# onestop system user, its data in /var/lib/onestop (0700), the configuration in /etc/onestop, the systemd unit, the
# mDNS announcement, and optionally a waiting-room screen. Running it again changes nothing that is already right.
set -euo pipefail

usage() {
  cat <<'EOT'
Usage: sudo scripts/install/install-hub.sh [options]
  --commune-code CODE --commune-name NAME   the commune (written once to /etc/onestop/hub.config.json)
  --port PORT          the hub's port (default 8080)
  --from PATH          a release tarball (npm run pack) or folder; default: the checkout or release holding this script
  --screen display     also show /display full screen on this machine's own monitor (a TV)
  --screen-mode MODE   cage (default, no desktop) or desktop (Raspberry Pi OS's desktop autostart), as for the counter
  --root DIR           install into DIR instead of / (a scratch root: no systemctl, users made inside DIR)
  --uninstall          remove the program, units and announcement; the data and configuration stay
  --purge              with --uninstall: also delete /var/lib/onestop, /etc/onestop and the onestop user
EOT
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

ROOT="" from="$(cd "$here/../.." && pwd)" code="" name="" port=8080 screen="" screen_mode=cage uninstall=0 purge=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) ROOT="$(mkdir -p "$2" && cd "$2" && pwd)" && shift ;;
    --from) from="$2" && shift ;;
    --commune-code) code="$2" && shift ;;
    --commune-name) name="$2" && shift ;;
    --port) port="$2" && shift ;;
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
[ "$(id -u)" -eq 0 ] || die "run it as root: sudo $0 $*"
[[ "$port" =~ ^[0-9]+$ ]] || die "--port must be a number"
[ -z "$screen" ] || [ "$screen" = display ] || die "--screen on the hub can only be display (the kiosk runs on its own tablet or PC)"
[ "$screen_mode" = cage ] || [ "$screen_mode" = desktop ] || die "--screen-mode must be cage or desktop"

if [ "$uninstall" -eq 1 ]; then
  echo "Removing the one-stop hub${ROOT:+ from $ROOT}:"
  disable_units onestop-hub.service onestop-screen@display.service
  remove_path /etc/systemd/system/onestop-hub.service
  remove_path /etc/avahi/services/onestop-hub.service
  remove_path /etc/xdg/autostart/onestop-screen-display.desktop
  uninstall_shared onestop-agent@.service "counter programs" "$purge" "kept the data in /var/lib/onestop and the configuration in /etc/onestop (--purge deletes them)"
  systemd_running && systemctl daemon-reload
  exit 0
fi

echo "Installing the one-stop hub${ROOT:+ into $ROOT}:"
check_node
# first: a release made for another machine is refused before anything is changed
install_program "$from"
prepare_scratch_root
ensure_user onestop /var/lib/onestop
uid="$(uid_of onestop)" gid="$(gid_of onestop)"
ensure_dir /var/lib/onestop 0700 "$uid:$gid"
# 0755 root, as the counter installer makes it on a machine that runs both: the secrets are in files only root and
# the onestop group read (hub.env, hub.config.json 0640), and screen.env must be readable by the screen's user
ensure_dir /etc/onestop 0755 0:0

# the hub reads this file; the admin pages can change the commune later too
commune_json=""
if [ -n "$code" ] || [ -n "$name" ]; then
  if [ -z "$code" ] || [ -z "$name" ]; then die "give both --commune-code and --commune-name"; fi
  commune_json="$(node -e 'process.stdout.write(JSON.stringify({ code: process.argv[1], name: process.argv[2] }))' "$code" "$name")"
fi
keep_file /etc/onestop/hub.config.json 0640 "0:$gid" <<EOT
{
  "host": "0.0.0.0",
  "port": $port,
  "demo": false${commune_json:+,
  \"commune\": $commune_json}
}
EOT
keep_file /etc/onestop/hub.env 0640 "0:$gid" <<'EOT'
# Secrets for the hub (SMS gateway, upstream key), one NAME=value a line; see /opt/onestop/docs/sms.md.
# TWILIO_ACCOUNT_SID=
# UPSTREAM_URL=
# UPSTREAM_SECRET=
EOT

# The first admin account: its password goes to a file only its owner can read, never to the journal; the same file
# the hub writes when it makes the first admin itself (hub/src/auth/firstAdminFile.ts).
pwfile=/var/lib/onestop/first-admin-password
hub_cli() {
  # as the onestop user would, so every file it makes in the data folder is private to it
  (umask 077 && LOG_LEVEL=warn "$NODE_BIN" "$(path_in_root /opt/onestop)/hub/bin/hub.mjs" "$@" --data-dir "$(path_in_root /var/lib/onestop)" --config "$(path_in_root /etc/onestop/hub.config.json)")
}
if [ ! -f "$(path_in_root "$pwfile")" ]; then
  if hub_cli user list | awk -F'\t' '$3 == "admin" && $5 == "" {found=1} END {exit !found}'; then
    say "an admin account already exists; its password is not changed (hub user reset-password --username admin)"
  else
    password="$(hub_cli user add --username admin --role admin --name 'Quản trị' | tail -n 1)"
    printf 'username: admin\npassword: %s\n' "$password" | write_file "$pwfile" 0600 "$uid:$gid"
    unset password
  fi
fi
# the database and anything the commands above made belong to the hub's user
chown -R "$uid:$gid" "$(path_in_root /var/lib/onestop)"

install_unit onestop-hub.service
write_file /etc/avahi/services/onestop-hub.service 0644 0:0 <<EOT
<?xml version="1.0" standalone='no'?>
<!DOCTYPE service-group SYSTEM "avahi-service.dtd">
<!-- The commune hub announced on the LAN, so counter-agent pair finds it without an address (docs/install.en.md). -->
<service-group>
  <name replace-wildcards="yes">onestop hub on %h</name>
  <service>
    <type>_onestop-hub._tcp</type>
    <port>$port</port>
    <txt-record>path=/</txt-record>
  </service>
</service-group>
EOT
# the file above is avahi-daemon's to read: without it nothing answers on the LAN, and the counters need --hub
if [ ! -x "$(path_in_root /usr/sbin/avahi-daemon)" ]; then
  printf '%s: warning: avahi-daemon is not installed, so the hub is not announced on the LAN and "counter-agent pair" finds nothing without --hub.\n  Install it: sudo apt-get install -y avahi-daemon (the announcement written above is then used at once)\n' "$(basename "$0")" >&2
elif systemd_running && ! systemctl is-active --quiet avahi-daemon.service; then
  printf '%s: warning: avahi-daemon is installed but not running, so the hub is not announced on the LAN.\n  Start it: sudo systemctl enable --now avahi-daemon\n' "$(basename "$0")" >&2
fi
units=(onestop-hub.service)
if [ "$screen" = display ]; then
  install_screen display "http://localhost:$port" "$screen_mode"
  [ -z "$screen_unit" ] || units+=("$screen_unit")
fi
enable_units "${units[@]}"
restart_stopped_hub

if [ "$changes" -eq 0 ]; then echo "Nothing to change: the hub is installed as asked."; fi
cat <<EOT

Done. The hub's data: /var/lib/onestop; its settings: /etc/onestop/hub.config.json and hub.env.
$([ -f "$(path_in_root "$pwfile")" ] && echo "First admin login: see $pwfile (sudo cat $pwfile); change it after signing in.")
Next: open http://$(hostname -f 2>/dev/null || hostname):$port/admin, add the counters, then run
  sudo -u onestop /opt/onestop/hub/bin/hub.mjs doctor --data-dir /var/lib/onestop --config /etc/onestop/hub.config.json
and install each counter PC with scripts/install/install-counter.sh.
EOT
