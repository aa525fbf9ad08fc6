#!/usr/bin/env bash
# Runs every test of CommandCenter: restore, one Release build of the whole solution (warnings are errors), then each
# test project in turn. Ends with "Total: N passed, M failed, K skipped" and exits non-zero if anything failed or if no
# test ran at all.
#
#   ./scripts/test.sh                 # everything (what CI runs through .ci/run)
#   ./scripts/test.sh tests/E2E       # only the listed test projects (still builds the solution first)
#
# Browser tests need Chromium: $CHROMIUM_PATH, /usr/bin/chromium or chromium on PATH. When it is missing and this runs
# as root, it is installed from Debian's packages.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

configuration=Release
solution=CommandCenter.sln
results_root=TestResults
if [[ $# -gt 0 ]]; then
  projects=("$@")
else
  projects=(tests/Unit tests/Components tests/Api tests/E2E)
fi

say() { printf '\n==> %s\n' "$*"; }

find_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]] && return 0
    echo "CHROMIUM_PATH is set to '$CHROMIUM_PATH', which is not an executable file." >&2
    exit 1
  fi
  [[ -x /usr/bin/chromium ]] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  command -v chromium-browser >/dev/null 2>&1 && return 0
  # A developer laptop may have Playwright's own browser instead (the E2E fixture falls back to it).
  compgen -G "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}/chromium-*" >/dev/null && return 0
  compgen -G "$HOME/Library/Caches/ms-playwright/chromium-*" >/dev/null && return 0
  return 1
}

if ! find_chromium; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "Chromium is missing: installing it from Debian's packages"
    apt_log="$(mktemp)"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation; } >"$apt_log" 2>&1; then
      cat "$apt_log" >&2
      echo "Installing chromium failed (output above)." >&2
      exit 1
    fi
    rm -f "$apt_log"
    find_chromium || { echo "chromium was installed but /usr/bin/chromium is still missing." >&2; exit 1; }
  else
    cat >&2 <<'MSG'
The browser tests need Chromium, and none was found ($CHROMIUM_PATH, /usr/bin/chromium, chromium on PATH).
Install it, then run this script again:
  Debian/Ubuntu:  sudo apt-get install -y chromium fonts-liberation
  elsewhere:      install Chromium or Chrome and export CHROMIUM_PATH=/path/to/its/executable
MSG
    exit 1
  fi
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [[ ! -f src/CommandCenter/node_modules/apexcharts/dist/apexcharts.min.js ]]; then
    cat >&2 <<'MSG'
The web build runs `npm ci` in src/CommandCenter (it installs apexcharts), and node/npm were not found.
Install Node.js 18 or later with npm (Debian/Ubuntu: sudo apt-get install -y nodejs npm), then run this script again.
MSG
    exit 1
  fi
fi

command -v dotnet >/dev/null 2>&1 || { echo "The .NET SDK (dotnet) is not on PATH; see README.md." >&2; exit 1; }

say "dotnet restore $solution"
dotnet restore "$solution"

say "dotnet build $solution -c $configuration (warnings are errors)"
dotnet build "$solution" --no-restore -c "$configuration"

rm -rf "$results_root"
total_passed=0
total_failed=0
total_skipped=0
failed_projects=()

# Reads one attribute of the <Counters> element of a TRX file (0 when absent).
counter() {
  local value
  value="$({ grep -o '<Counters [^>]*>' "$1" || true; } | head -n 1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")"
  echo "${value:-0}"
}

for project in "${projects[@]}"; do
  name="$(basename "$project")"
  results="$results_root/$name"
  say "dotnet test $project"
  status=0
  dotnet test "$project" --no-build -c "$configuration" \
    --logger "console;verbosity=minimal" \
    --logger "trx;LogFileName=$name.trx" \
    --results-directory "$results" \
    --blame-hang-timeout 15m --blame-hang-dump-type none || status=$?

  passed=0 failed=0 skipped=0
  trx="$results/$name.trx"
  if [[ -f "$trx" ]]; then
    passed="$(counter "$trx" passed)"
    failed=$(( $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted) ))
    # xunit's skipped tests are results with outcome NotExecuted; the Counters element leaves them out.
    skipped="$({ grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$trx" || true; } | wc -l | tr -d ' ')"
  fi
  echo "$project: $passed passed, $failed failed, $skipped skipped (dotnet test exit code $status)"
  if [[ $status -ne 0 || $failed -ne 0 ]]; then
    failed_projects+=("$project")
  elif [[ $((passed + failed + skipped)) -eq 0 ]]; then
    # A test project that runs nothing has lost its tests (a bad merge, a broken discoverer): that is a failure.
    echo "$project ran no tests."
    failed_projects+=("$project")
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_skipped=$((total_skipped + skipped))
done

echo
if [[ ${#failed_projects[@]} -gt 0 ]]; then
  echo "Failed: ${failed_projects[*]} (TRX files under $results_root/; E2E screenshots under tests/E2E/bin/$configuration/*/*/screenshots/)"
fi
if [[ $((total_passed + total_failed + total_skipped)) -eq 0 ]]; then
  echo "No test ran at all."
fi
echo "Total: $total_passed passed, $total_failed failed, $total_skipped skipped"

if [[ ${#failed_projects[@]} -gt 0 || $((total_passed + total_failed + total_skipped)) -eq 0 ]]; then
  exit 1
fi
