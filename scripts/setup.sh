#!/usr/bin/env bash
# Installs everything vsgraph and its tests need on a fresh Debian machine, then leaves a
# virtual environment in .venv with vsgraph installed (editable) and its test extras.
# Safe to run again: it installs only what is missing.
#
# System packages (Debian names) and why:
#   default-jre-headless  Java for the HermiT reasoner (owlready2 runs it)
#   libowlapi-java        the OWL API's OWL 2 DL profile checker, used by the tests
#   graphviz              the `dot` layout engine for diagrams
#   chromium              headless browser the tests render the HTML report in
#   virtuoso-opensource   the Virtuoso SPARQL server the remote-store tests compare answers
#                         on; a fixture starts its own instance on free loopback ports, so
#                         the package's DBA-password question is left at its default and
#                         the system service it may start is not used
set -euo pipefail
cd "$(dirname "$0")/.."

system_packages=(default-jre-headless libowlapi-java graphviz chromium virtuoso-opensource)
missing=()
for package in "${system_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    # Set through env so that sudo, which resets the environment, passes it on.
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
