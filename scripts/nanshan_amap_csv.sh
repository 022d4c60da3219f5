#!/bin/sh
# Makes an Amap-style POI export from the Shenzhen Nanshan walk network's
# vertices, for the README's example: GBK text, Amap `typecode`, and a GCJ-02
# "lng,lat" `location` column, as an export saved by Excel on Chinese Windows.
# Every 10th vertex becomes a POI; the kinds cycle through a primary school,
# a kindergarten, a public toilet, an elderly home (no Amap code: found by
# name), a 九年一贯制 school (primary and middle) and a restaurant (in no
# category, so it shows among the unmatched types).
#
#   scripts/nanshan_amap_csv.sh [OUT.csv]    (default nanshan_amap.csv)
# Needs the built `lifecircle` (LIFECIRCLE=path to override) and iconv.
set -eu
SHARED=${SHARED:-../shared/geodata}
LIFECIRCLE=${LIFECIRCLE:-.build/release/lifecircle}
[ -x "$LIFECIRCLE" ] || LIFECIRCLE=.build/debug/lifecircle
OUT=${1:-nanshan_amap.csv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$LIFECIRCLE" convert "$SHARED/shenzhen_nanshan/nanshan_walk.gpkg" "$tmp/nodes.csv" --layer nodes --to gcj02 \
    >/dev/null 2>"$tmp/log" || { cat "$tmp/log" >&2; exit 1; }
awk -F'"' 'NR > 1 && (NR - 2) % 10 == 0 {
    split($2, p, /[ ()]+/)                      # POINT (lng lat)
    k = int((NR - 2) / 10) % 6
    if (k == 0) { code = "141203"; kind = "小学" }
    if (k == 1) { code = "141204"; kind = "幼儿园" }
    if (k == 2) { code = "200300"; kind = "公厕" }
    if (k == 3) { code = "120302"; kind = "养老院" }
    if (k == 4) { code = "141202|141203"; kind = "九年一贯制学校" }
    if (k == 5) { code = "050000"; kind = "餐厅" }
    printf "B0%05d,南山第%d%s,%s,深圳市南山区,\"%.6f,%.6f\"\n", NR, NR, kind, code, p[2], p[3]
}
BEGIN { print "id,name,typecode,address,location" }' "$tmp/nodes.csv" > "$tmp/utf8.csv"
iconv -f UTF-8 -t GBK "$tmp/utf8.csv" > "$OUT"
echo "wrote $(($(wc -l < "$OUT") - 1)) POIs to $OUT (GBK, GCJ-02)"
