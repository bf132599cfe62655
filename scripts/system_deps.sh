#!/usr/bin/env bash
# Installs the Debian packages the app needs, only those that are missing.
#   scripts/system_deps.sh            WeasyPrint's libraries (pango), gettext, pg_dump/pg_restore
#                                     and xmlsec1 (single sign-on)
#   scripts/system_deps.sh --browser  also Chromium and poppler-utils (pdftoppm) for the tests
set -euo pipefail

need=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libpango-1.0.so.0 || need+=(libpango-1.0-0)
have_lib libpangoft2-1.0.so.0 || need+=(libpangoft2-1.0-0)
command -v msgfmt >/dev/null || need+=(gettext)
command -v pg_dump >/dev/null || need+=(postgresql-client)  # backup_db, restore_db
command -v xmlsec1 >/dev/null || need+=(xmlsec1)  # SAML signatures and encryption (pysaml2)
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing system packages: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
