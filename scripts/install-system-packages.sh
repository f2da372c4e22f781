#!/usr/bin/env bash
# System packages the project needs, from Debian's archive:
#   chromium        the browser the Playwright tests drive (no browser download)
#   fonts-noto-cjk  Chinese glyphs for the browser and for Pillow-drawn logos
#   gettext         msgfmt/xgettext for the translation catalogues
#   postgresql-15   the second database `make test` runs the suite on, in a
#                   throwaway cluster of scripts/with-postgres.sh (the package's
#                   own cluster and service are not used)
#   redis-server    the shared cache and rate-limit counters, started by the
#                   tests that need it (tests/conftest.py)
# Idempotent: installs only what is missing.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -x /usr/lib/postgresql/15/bin/pg_ctl ] || missing+=(postgresql-15)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing system packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "Please install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
