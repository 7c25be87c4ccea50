#!/usr/bin/env bash
# Installs what building and testing tokten needs, and nothing when all is there already.
# Debian 12 packages through apt-get (as root, or through sudo), Python tools through pip.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"

# clang-14 with libclang-rt-14-dev: libFuzzer and its sanitizers (the fuzz preset); llvm-14:
# llvm-symbolizer, for readable sanitizer reports. chromium: the report's test renders it headless.
debian_packages=(g++ make libboost-graph-dev libeigen3-dev nlohmann-json3-dev catch2 liblemon-dev
                 clang-14 libclang-rt-14-dev llvm-14 chromium)
missing=()
for package in "${debian_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pip does not touch the network when every requirement is already satisfied (under a second).
"$python" -m pip install -q --disable-pip-version-check --root-user-action=ignore \
  -r "$here/requirements-dev.txt"
