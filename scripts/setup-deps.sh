#!/usr/bin/env bash
# Installs the Debian 12 packages newspipe needs to build, test and run (as root).
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build ccache pkg-config git python3
  libzmq3-dev cppzmq-dev libsodium-dev libprotobuf-dev protobuf-compiler
  libyaml-cpp-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libcli11-dev
  libcurl4-openssl-dev libxml2-dev libsqlite3-dev sqlite3 libpqxx-dev libpq-dev
  nlohmann-json3-dev libhowardhinnant-date-dev libcpp-httplib-dev libcld2-dev
  libicu-dev libxxhash-dev zlib1g-dev libbrotli-dev tzdata
  postgresql iproute2 clang libclang-rt-14-dev
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
