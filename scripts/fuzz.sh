#!/usr/bin/env bash
# Runs each libFuzzer harness (Fuzz/) for SECONDS seconds (default 600) with
# AddressSanitizer, in its own build folder so ordinary builds are untouched.
# Findings (crash-*, leak-*, timeout-*) are written to .build/fuzz/findings/NAME/.
#   scripts/fuzz.sh 120            # every harness, 2 minutes each
#   scripts/fuzz.sh 60 FuzzGeoJSON # one harness
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-600}"
shift || true
HARNESSES=("$@")
[ ${#HARNESSES[@]} -eq 0 ] && HARNESSES=(FuzzGeoJSON FuzzOSMXML FuzzStudyYAML FuzzGeoPackageBlob)
export LIFECIRCLE_FUZZ=1
BUILD=.build/fuzz
status=0
for h in "${HARNESSES[@]}"; do
    swift build -c debug --build-path "$BUILD" --product "$h" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
    findings="$BUILD/findings/$h"
    corpus="$BUILD/corpus/$h"
    mkdir -p "$findings" "$corpus"
    # Seed corpora: the project's own small files of the format.
    case "$h" in
        FuzzGeoJSON) find examples geodata -name '*.geojson' -size -64k -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
        FuzzStudyYAML) find examples -name '*.yaml' -exec cp {} "$corpus/" \; 2>/dev/null || true ;;
        FuzzOSMXML) printf '<osm version="0.6"><node id="1" lat="1" lon="2"><tag k="amenity" v="school"/></node><way id="2"><nd ref="1"/><nd ref="1"/><tag k="highway" v="footway"/></way></osm>' > "$corpus/seed.osm" ;;
        FuzzGeoPackageBlob) printf 'GP\x00\x01\xe6\x10\x00\x00\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\x00\x40' > "$corpus/point.bin" ;;
    esac
    echo "== $h for $SECONDS_EACH s"
    if ! "$BUILD/debug/$h" -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -timeout=30 \
        -artifact_prefix="$findings/" "$corpus"; then
        echo "$h: finding in $findings" >&2
        status=1
    fi
done
exit $status
