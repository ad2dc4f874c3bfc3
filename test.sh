#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine.
# Installs what the tests drive when it is missing (redis-server, xmllint, chromium, from Debian's packages),
# runs every test project, and ends with one line "N passed, N failed" over all of them.
# Exit code: 0 when every test passed, 1 otherwise (including a build that failed).
set -uo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} from Debian's packages"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "test.sh: could not install ${missing[*]}; the tests that drive them cannot run"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

results=.test-results
rm -rf "$results"
projects=$(find tests -name '*.Tests.csproj' | sort)
status=0
if dotnet build Punchout.sln -nologo -clp:ErrorsOnly; then
  for project in $projects; do
    name=$(basename "$project" .csproj)
    dotnet test "$project" --no-build --nologo --logger trx --results-directory "$results/$name" "$@" || status=1
  done
else
  status=1
fi

passed=0
failed=0
found=0
for trx in "$results"/*/*.trx; do
  [ -f "$trx" ] || continue
  found=$((found + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
done

expected=$(echo "$projects" | grep -c .)
if [ "$found" -lt "$expected" ]; then
  # A project that did not build or whose run crashed left no results: count it as a failure.
  echo "test.sh: $((expected - found)) of $expected test projects left no results"
  failed=$((failed + expected - found))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
