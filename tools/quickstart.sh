#!/usr/bin/env bash
# First README command: install the Debian packages (idempotent), build etsim (Release) and run the
# default scenario, which prints a summary and writes electro_thermal_default.h5.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup-debian.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DETSIM_BUILD_TESTS=OFF -DETSIM_BUILD_BENCHES=OFF >/dev/null
cmake --build build --target etsim -j"$(nproc)"
./build/bindings/cli/etsim run "$@"
./build/bindings/cli/etsim info electro_thermal_default.h5
