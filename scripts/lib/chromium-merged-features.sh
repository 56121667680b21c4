#!/usr/bin/env bash
# Runs the Chromium named by TESSERA_CHROMIUM with every --disable-features list joined into one,
# and every --enable-features list too. Chromium keeps only the last of each switch, and
# Playwright passes its own lists first: a list of ours would silently replace Playwright's.
# scripts/lib/launch-extension.mjs launches Chromium through this.
set -euo pipefail
: "${TESSERA_CHROMIUM:?TESSERA_CHROMIUM must name the Chromium to run}"

args=()
disabled=()
enabled=()
for arg in "$@"; do
  case $arg in
    --disable-features=*) disabled+=("${arg#--disable-features=}") ;;
    --enable-features=*) enabled+=("${arg#--enable-features=}") ;;
    *) args+=("$arg") ;;
  esac
done

join() {
  local IFS=,
  printf '%s' "$*"
}
if [ ${#disabled[@]} -gt 0 ]; then args+=("--disable-features=$(join "${disabled[@]}")"); fi
if [ ${#enabled[@]} -gt 0 ]; then args+=("--enable-features=$(join "${enabled[@]}")"); fi

# exec: Playwright's pipes (fds 3 and 4) and the process id it watches stay Chromium's.
exec "$TESSERA_CHROMIUM" "${args[@]}"
