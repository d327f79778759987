# Shared by install-hub.sh and install-counter.sh (sourced, not run). Every step says what it did, and does nothing
# when the system already is as it should be, so running an installer twice changes nothing the second time.
# shellcheck shell=bash

MIN_NODE=20.19.0
changes=0
# set by install_screen: the screen's unit to enable, or "" (read by the installers that source this file)
screen_unit=""

say() { printf '  %s\n' "$*"; }
die() {
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
  exit 1
}

# ROOT is "" for the real system, or a scratch folder (--root DIR: no systemctl, no users on the host)
path_in_root() { printf '%s%s' "$ROOT" "$1"; }
real_system() { [ -z "$ROOT" ]; }

check_node() {
  if ! command -v node >/dev/null 2>&1; then
    die "Node.js ${MIN_NODE} or newer is needed and none is installed.
  Debian 12 / Raspberry Pi OS: curl -fsSL https://deb.nodesource.com/setup_20.x | sudo bash - && sudo apt-get install -y nodejs
  then run this installer again."
  fi
  if ! node -e "const [a,b,c]=process.versions.node.split('.').map(Number),[x,y,z]='${MIN_NODE}'.split('.').map(Number);process.exit(a>x||(a===x&&(b>y||(b===y&&c>=z)))?0:1)"; then
    die "Node.js $(node -v) is too old: ${MIN_NODE} or newer is needed (Debian 12's own nodejs is 18).
  Install Node.js 20: curl -fsSL https://deb.nodesource.com/setup_20.x | sudo bash - && sudo apt-get install -y nodejs"
  fi
  NODE_BIN="$(command -v node)"
}

# A scratch root gets the few account files useradd needs, so users are made there and not on the host.
prepare_scratch_root() {
  real_system && return 0
  mkdir -p "$ROOT/etc"
  [ -f "$ROOT/etc/passwd" ] || echo 'root:x:0:0:root:/root:/bin/bash' >"$ROOT/etc/passwd"
  [ -f "$ROOT/etc/group" ] || echo 'root:x:0:' >"$ROOT/etc/group"
  [ -f "$ROOT/etc/shadow" ] || install -m 0600 /dev/null "$ROOT/etc/shadow"
  [ -f "$ROOT/etc/gshadow" ] || install -m 0600 /dev/null "$ROOT/etc/gshadow"
}

root_args() { real_system || printf -- '--root\n%s\n' "$ROOT"; }

# ensure_group NAME
ensure_group() {
  grep -q "^$1:" "$(path_in_root /etc/group)" && return 0
  mapfile -t ra < <(root_args)
  groupadd "${ra[@]}" --system "$1"
  say "group $1 created"
  changes=$((changes + 1))
}

# ensure_user NAME HOME [EXTRA_GROUP...]: a system account with no login shell
ensure_user() {
  local name="$1" home="$2"
  shift 2
  local g
  mapfile -t ra < <(root_args)
  for g in "$@"; do ensure_group "$g"; done
  if ! grep -q "^$name:" "$(path_in_root /etc/passwd)"; then
    local groups=()
    [ $# -gt 0 ] && groups=(--groups "$(
      IFS=,
      echo "$*"
    )")
    useradd "${ra[@]}" --system --user-group --home-dir "$home" --no-create-home --shell /usr/sbin/nologin "${groups[@]}" "$name" 2>/dev/null
    say "system user $name created"
    changes=$((changes + 1))
    return 0
  fi
  for g in "$@"; do
    if ! grep -E "^$g:" "$(path_in_root /etc/group)" | grep -qE "[:,]$name(,|$)"; then
      usermod "${ra[@]}" --append --groups "$g" "$name"
      say "user $name added to group $g"
      changes=$((changes + 1))
    fi
  done
}

uid_of() { awk -F: -v n="$1" '$1==n{print $3}' "$(path_in_root /etc/passwd)"; }
gid_of() { awk -F: -v n="$1" '$1==n{print $3}' "$(path_in_root /etc/group)"; }

# ensure_dir PATH MODE OWNER:GROUP (numeric ids)
ensure_dir() {
  local p
  p="$(path_in_root "$1")"
  if [ ! -d "$p" ]; then
    install -d -m "$2" -o "${3%:*}" -g "${3#*:}" "$p"
    say "folder $1 created (mode $2)"
    changes=$((changes + 1))
    return 0
  fi
  if [ "$(stat -c '%a %u:%g' "$p")" != "${2#0} $3" ]; then
    chmod "$2" "$p"
    chown "$3" "$p"
    say "folder $1: mode $2, owner set"
    changes=$((changes + 1))
  fi
}

# write_file PATH MODE OWNER:GROUP < content: replaced only when the content, mode or owner differs
write_file() {
  local p tmp
  p="$(path_in_root "$1")"
  tmp="$(mktemp)"
  cat >"$tmp"
  if [ -f "$p" ] && cmp -s "$tmp" "$p" && [ "$(stat -c '%a %u:%g' "$p")" = "${2#0} $3" ]; then
    rm -f "$tmp"
    return 0
  fi
  mkdir -p "$(dirname "$p")"
  install -m "$2" -o "${3%:*}" -g "${3#*:}" "$tmp" "$p"
  rm -f "$tmp"
  say "wrote $1"
  changes=$((changes + 1))
}

# keep_file PATH MODE OWNER:GROUP < content: written once; an administrator's later edits are kept
keep_file() {
  if [ -f "$(path_in_root "$1")" ]; then
    cat >/dev/null
    return 0
  fi
  write_file "$@"
}

remove_path() {
  local p
  p="$(path_in_root "$1")"
  if [ -e "$p" ] || [ -L "$p" ]; then
    rm -rf "$p"
    say "removed $1"
  fi
}

# The program: a release tree (it has a RELEASE file) or a checkout, from which scripts/pack.mjs stages one.
# install_program SOURCE: SOURCE is a folder or a release tarball (npm run pack)
install_program() {
  local src="$1" work staged dest
  dest="$(path_in_root /opt/onestop)"
  work="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: work is local
  trap "rm -rf '$work'" EXIT
  if [ -f "$src" ]; then
    tar -xzf "$src" -C "$work"
    staged="$(find "$work" -mindepth 2 -maxdepth 2 -name RELEASE -printf '%h\n' | head -1)"
    [ -n "$staged" ] || die "$src is not a release tarball (no RELEASE file inside)"
  elif [ -f "$src/RELEASE" ]; then
    staged="$src"
  elif [ -f "$src/scripts/pack.mjs" ]; then
    say "preparing the program from the checkout $src (building the UI if needed)"
    node "$src/scripts/pack.mjs" --stage "$work/app" >/dev/null
    staged="$work/app"
  else
    die "$src is neither a checkout of the project nor a release"
  fi
  check_release_fits "$staged/RELEASE" "$src"
  if [ -d "$dest" ] && diff -r --no-dereference -q "$staged" "$dest" >/dev/null 2>&1; then
    say "program in /opt/onestop is up to date ($(cut -d' ' -f2 "$dest/RELEASE"))"
    return 0
  fi
  # nothing may run the new program on the data while the old hub still runs: the first command of the new program
  # upgrades the database's schema (hub/src/db/open.ts), under a hub that would go on writing with the old one
  stop_hub_for_change
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest.new" "$dest.old"
  cp -a "$staged" "$dest.new"
  chown -R 0:0 "$dest.new"
  chmod -R go-w "$dest.new"
  chmod 0755 "$dest.new"
  # swap in one step each, so a crash leaves the old or the new program, never half of one
  [ -d "$dest" ] && mv "$dest" "$dest.old"
  mv "$dest.new" "$dest"
  rm -rf "$dest.old"
  say "program installed in /opt/onestop ($(cut -d' ' -f2 "$dest/RELEASE"))"
  changes=$((changes + 1))
}

# Node.js's ABI by major version, to say which Node.js a release was made for (process.versions.modules).
node_of_abi() {
  case "$1" in
    108) echo 18 ;; 115) echo 20 ;; 120) echo 21 ;; 127) echo 22 ;; 131) echo 23 ;; 137) echo 24 ;; *) echo "with ABI $1" ;;
  esac
}

# check_release_fits RELEASE_FILE SOURCE: the release's native modules (better-sqlite3, serialport) were built for one
# architecture and one Node.js ABI (scripts/pack.mjs writes both into RELEASE); on another they fail at the first
# start, after the old program is gone. Refused before anything is changed.
check_release_fits() {
  local made here_arch here_abi arch abi
  made="$(head -n 1 "$1")"
  here_arch="$(node -p 'process.platform + "-" + process.arch')"
  here_abi="$(node -p 'process.versions.modules')"
  if ! [[ "$made" =~ ^onestop\ [^\ ]+\ ([a-z0-9]+-[a-z0-9]+)\ node-abi\ ([0-9]+)$ ]]; then
    die "release-unknown-machine: $2 does not say which machine it was made for (RELEASE: $made); make the release again with npm run pack"
  fi
  arch="${BASH_REMATCH[1]}" abi="${BASH_REMATCH[2]}"
  if [ "$arch" != "$here_arch" ] || [ "$abi" != "$here_abi" ]; then
    die "release-wrong-machine: $2 was made for $arch with Node.js $(node_of_abi "$abi") (node-abi $abi), and this machine is $here_arch with Node.js $(node -v) (node-abi $here_abi); nothing was changed.
  Use the release made for $here_arch and Node.js $(node_of_abi "$here_abi") (onestop-VERSION-$here_arch.tar.gz: npm run pack on such a machine),
  or install from a checkout of the project on this machine (--from the checkout folder), or install the Node.js the release was made for."
  fi
}

# A hub running from /opt/onestop is stopped before its program is replaced (and before any command of the new
# program opens its database); the installer starts it again at its end (enable_units, or restart_stopped_hub).
hub_stopped=0
stop_hub_for_change() {
  systemd_running || return 0
  if systemctl is-active --quiet onestop-hub.service; then
    systemctl stop onestop-hub.service
    hub_stopped=1
    say "stopped onestop-hub to replace its program (it starts again at the end)"
  fi
}

# the hub stopped by stop_hub_for_change runs again, whatever else the installer did
restart_stopped_hub() {
  [ "$hub_stopped" -eq 1 ] || return 0
  systemctl is-active --quiet onestop-hub.service || systemctl start onestop-hub.service
  say "onestop-hub runs again"
}

# install_unit NAME: from the program's scripts/install/systemd, with the path of node filled in
install_unit() {
  sed "s|@NODE@|$NODE_BIN|g" "$(path_in_root /opt/onestop)/scripts/install/systemd/$1" | write_file "/etc/systemd/system/$1" 0644 0:0
}

systemd_running() { real_system && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; }

# enable_units UNIT...: daemon-reload, enable and (re)start; skipped with a note in a scratch root
enable_units() {
  if ! systemd_running; then
    say "systemctl skipped ($([ -n "$ROOT" ] && echo "scratch root $ROOT" || echo "systemd is not running")): would enable $*"
    return 0
  fi
  systemctl daemon-reload
  local u
  for u in "$@"; do
    systemctl is-enabled --quiet "$u" 2>/dev/null || {
      systemctl enable --quiet "$u"
      say "enabled $u"
      changes=$((changes + 1))
    }
    if [ "$changes" -gt 0 ] || ! systemctl is-active --quiet "$u"; then systemctl restart "$u"; fi
  done
}

disable_units() {
  systemd_running || return 0
  local u
  for u in "$@"; do systemctl disable --now --quiet "$u" 2>/dev/null || true; done
}

# A full-screen page on this machine's monitor: install_screen PAGE HUB_URL MODE (PAGE kiosk | display).
# MODE cage: onestop-screen@PAGE, cage and Chromium on tty1 with no desktop (Debian, Raspberry Pi OS Lite).
# MODE desktop: the desktop's own autostart (Raspberry Pi OS bookworm with its desktop: labwc, wayfire or X11 all run
# the XDG autostart entries in /etc/xdg/autostart), screen-session.sh keeping the same browser running.
# Each mode removes what the other one installed for that page, so switching modes leaves one screen.
# Sets screen_unit to the unit to enable, or "" in desktop mode.
# shellcheck disable=SC2034 # screen_unit is read by the installers
install_screen() {
  local page="$1" hub="$2" mode="$3" autostart="/etc/xdg/autostart/onestop-screen-$1.desktop"
  write_file /etc/onestop/screen.env 0644 0:0 <<EOT
# the hub this screen shows (scripts/install/kiosk-browser.sh)
ONESTOP_HUB_URL=$hub
EOT
  write_browser_policy "$hub"
  if [ "$mode" = cage ]; then
    ensure_user onestop-screen /var/lib/onestop-screen video input render
    install_unit onestop-screen@.service
    remove_path "$autostart"
    screen_unit="onestop-screen@$page.service"
    return 0
  fi
  disable_units "onestop-screen@$page.service"
  local before="$changes"
  write_file "$autostart" 0644 0:0 <<EOT
[Desktop Entry]
Type=Application
Name=One-stop $page screen
Comment=The hub's /$page page full screen (scripts/install/screen-session.sh restarts the browser when it stops)
Exec=/opt/onestop/scripts/install/screen-session.sh $page
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
EOT
  screen_unit=""
  [ "$changes" -gt "$before" ] || return 0
  # the desktop must not blank the screen, and must log in by itself after a power cut (Raspberry Pi OS's own tool)
  if real_system && command -v raspi-config >/dev/null 2>&1; then
    raspi-config nonint do_blanking 1 && say "screen blanking turned off (raspi-config nonint do_blanking 1)"
    raspi-config nonint do_boot_behaviour B4 && say "the desktop logs in by itself at boot (raspi-config nonint do_boot_behaviour B4)"
  else
    say "raspi-config skipped ($([ -n "$ROOT" ] && echo "scratch root $ROOT" || echo "not Raspberry Pi OS")): would run raspi-config nonint do_blanking 1 and do_boot_behaviour B4"
  fi
}

# Where Chromium reads its managed policies: Debian's chromium, and the chromium-browser of older Raspberry Pi OS.
BROWSER_POLICY_FILES=(/etc/chromium/policies/managed/onestop.json /etc/chromium-browser/policies/managed/onestop.json)

# The screens' browser policy: write_browser_policy HUB_URL. The hub's origin counts as secure, so the kiosk's
# offline shell (a service worker, which Chromium allows only on secure origins) keeps the page on the LAN's plain
# http as it does on localhost: a kiosk reloaded while the hub is down still opens, with its queue. The command-line
# flag that does the same (--unsafely-treat-insecure-origin-as-secure) puts a warning bar on the citizen's screen; a
# policy does not. The rest keeps the browser from asking the citizen anything.
write_browser_policy() {
  local origin f
  origin="$(printf '%s' "$1" | sed -E 's#^(https?://[^/?]+).*#\1#')"
  for f in "${BROWSER_POLICY_FILES[@]}"; do
    write_file "$f" 0644 0:0 <<EOT
{
  "OverrideSecurityRestrictionsOnInsecureOrigin": ["$origin"],
  "TranslateEnabled": false,
  "PasswordManagerEnabled": false,
  "AutofillAddressEnabled": false,
  "AutofillCreditCardEnabled": false,
  "BrowserSignin": 0,
  "DefaultNotificationsSetting": 2,
  "DefaultGeolocationSetting": 2
}
EOT
  done
}

# What the hub and the counter programs share on a machine that runs both: the program in /opt/onestop, /etc/onestop,
# the data folder, the onestop user, and the screens' unit, browser policy and account. The last of the two to be
# uninstalled removes them: uninstall_shared OTHER_UNIT OTHER_NAME PURGE KEPT_MESSAGE (OTHER_UNIT is the other
# installer's unit file, which says it is installed here; PURGE 1: also the data, configuration and users).
uninstall_shared() {
  local other="$1" other_name="$2" purge="$3" kept="$4" f
  if [ -f "$(path_in_root "/etc/systemd/system/$other")" ]; then
    say "kept /opt/onestop and the screens' unit and browser policy: the $other_name on this machine uses them"
    if [ "$purge" -eq 1 ]; then
      say "kept /var/lib/onestop, /etc/onestop and the onestop user: the $other_name on this machine uses them (uninstall it with --purge to delete them)"
    else
      say "$kept"
    fi
    return 0
  fi
  remove_path /etc/systemd/system/onestop-screen@.service
  for f in "${BROWSER_POLICY_FILES[@]}"; do remove_path "$f"; done
  remove_path /opt/onestop
  if [ "$purge" -eq 1 ]; then
    remove_path /var/lib/onestop
    remove_path /var/lib/onestop-screen
    remove_path /etc/onestop
    remove_user onestop
    remove_user onestop-screen
  else
    say "$kept"
  fi
}

remove_user() {
  local ra
  mapfile -t ra < <(root_args)
  if grep -q "^$1:" "$(path_in_root /etc/passwd)"; then userdel "${ra[@]}" "$1" && say "user $1 removed"; fi
}
