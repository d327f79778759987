#!/usr/bin/env bash
# A sender of the upstream daily summary written only from the contract (docs/upstream-contract.md), with curl and
# openssl: what a third party's commune software would do. Prints the HTTP status on the first line, the body after.
#
#   send-summary.sh BASE_URL COMMUNE_CODE SECRET DATE REVISION BODY_FILE [TIMESTAMP]
#
# TIMESTAMP (Unix seconds) defaults to now; tests pass an old one to check the receiver's window.
set -euo pipefail
if [ "$#" -lt 6 ]; then
  echo "usage: $0 BASE_URL COMMUNE_CODE SECRET DATE REVISION BODY_FILE [TIMESTAMP]" >&2
  exit 2
fi
base="$1" code="$2" secret="$3" date="$4" revision="$5" body="$6"
ts="${7:-$(date +%s)}"

# X-Signature = "sha256=" + hex(HMAC-SHA256(secret, "<X-Timestamp>." + raw body bytes))
sig="$( { printf '%s.' "$ts"; cat "$body"; } | openssl dgst -sha256 -hmac "$secret" -hex | awk '{print $NF}')"

curl -sS -o /dev/stdout -w '\n%{http_code}\n' \
  -X POST "$base/api/v1/summaries" \
  -H 'Content-Type: application/json' \
  -H "X-Commune-Code: $code" \
  -H "X-Timestamp: $ts" \
  -H "X-Signature: sha256=$sig" \
  -H "Idempotency-Key: $code/$date/$revision" \
  --data-binary "@$body" | { body_out="$(cat)"; printf '%s\n%s\n' "$(printf '%s' "$body_out" | tail -n 1)" "$(printf '%s' "$body_out" | sed '$d')"; }
