#!/usr/bin/env bash
# One command for a new user: system libraries, a release build, and the demo
# study on the embedded Helsinki extract. Ends by printing the report's path.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product lifecircle
.build/release/lifecircle demo --out out/demo
