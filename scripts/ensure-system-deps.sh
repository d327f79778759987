#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing: socat for serial pty pairs, chromium for browser
# tests, Kannel with its fakesmsc test SMSC for the SMS gateway tests, the AVR toolchain and simavr for the button box
# firmware tests; for the installer tests in tests/install/ ShellCheck, systemd-analyze, cage and curl; iproute2 and
# util-linux for the discovery tests' network namespaces. Needs root (or sudo); says what is missing otherwise.
set -euo pipefail
need=()
command -v socat >/dev/null 2>&1 || need+=(socat)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/sbin/bearerbox ] && [ -x /usr/sbin/smsbox ] || need+=(kannel)
[ -x /usr/lib/kannel/test/fakesmsc ] || need+=(kannel-extras)
command -v make >/dev/null 2>&1 || need+=(make)
command -v cc >/dev/null 2>&1 || need+=(gcc)
[ -f /usr/include/pty.h ] || need+=(libc6-dev)
command -v avr-gcc >/dev/null 2>&1 || need+=(gcc-avr)
[ -f /usr/lib/avr/include/avr/io.h ] || need+=(avr-libc)
command -v simavr >/dev/null 2>&1 || need+=(simavr)
[ -f /usr/include/simavr/sim_avr.h ] || need+=(libsimavr-dev)
ls /usr/lib/*/libsimavrparts.so.1 >/dev/null 2>&1 || need+=(libsimavrparts1)
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
[ -x /usr/bin/cage ] || need+=(cage)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v useradd >/dev/null 2>&1 || need+=(passwd)
# the discovery tests make a network namespace of their own (tests/discovery.test.ts)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v unshare >/dev/null 2>&1 && command -v nsenter >/dev/null 2>&1 || need+=(util-linux)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Installing system packages for the tests: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Missing ${need[*]} and not root: install them with apt-get, then run npm test again." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
