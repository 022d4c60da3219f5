#!/usr/bin/env bash
# Checks a LifeCircle HTML report in a real browser (headless Chromium):
#   - self-contained: no script with a src (only the inline pan-and-zoom
#     script), no external src/href/url()/@import;
#   - a zh report: no English ids inside Chinese sentences ("缺口最大的是business")
#     and no character the CJK font lacks (drawn as a box);
#   - opens with no console messages (the inline script logs nothing, so any
#     console output is an error) while name resolution is disabled;
#   - every map is an <svg class="map"> with drawn features;
#   - the A4-sized screenshot is not blank; the print to PDF has pages.
#
# Usage:
#   scripts/check_report.sh [REPORT.html [OUT.png]]
# Without a report, one is made: `lifecircle demo --out DIR` when the built
# binary has the demo command, otherwise the sample report of the Report
# module's tests. Environment: LIFECIRCLE_BIN (the lifecircle binary),
# CHROMIUM (the browser), SWIFT_SCRATCH (swift's --scratch-path for the
# sample), KEEP=1 keeps the temporary folder.
set -euo pipefail
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."

fail() { echo "check_report: FAIL: $*" >&2; exit 1; }
note() { echo "check_report: $*" >&2; }

CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
[ -n "$CHROMIUM" ] || fail "chromium not found: install the Debian package 'chromium' (apt-get install chromium) or set CHROMIUM"
command -v python3 >/dev/null || fail "python3 not found: install python3"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/lifecircle-check-report.XXXXXX")"
if [ "${KEEP:-0}" = "1" ]; then note "keeping $WORK"; else trap 'rm -rf "$WORK"' EXIT; fi

REPORT="${1:-}"
if [ -z "$REPORT" ]; then
  BIN="${LIFECIRCLE_BIN:-}"
  if [ -z "$BIN" ]; then BIN="$(swift build ${SWIFT_SCRATCH:+--scratch-path "$SWIFT_SCRATCH"} --show-bin-path 2>/dev/null)/lifecircle" || true; fi
  if [ -x "$BIN" ] && "$BIN" demo --help >/dev/null 2>&1; then
    note "running $BIN demo --out $WORK/demo"
    "$BIN" demo --out "$WORK/demo" >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; fail "lifecircle demo failed"; }
    REPORT="$(find "$WORK/demo" -name '*.html' | sort | head -n 1)"
    [ -n "$REPORT" ] || fail "lifecircle demo wrote no .html report under $WORK/demo"
  else
    note "no 'lifecircle demo' yet: checking the Report tests' sample report"
    REPORT="$WORK/sample-report.html"
    LIFECIRCLE_REPORT_SAMPLE="$REPORT" swift test ${SWIFT_SCRATCH:+--scratch-path "$SWIFT_SCRATCH"} --filter 'LifeCircleReportTests.HTMLReportTests/writeSampleReportForBrowserCheck' \
      >"$WORK/sample.log" 2>&1 || { tail -n 30 "$WORK/sample.log" >&2; fail "could not build the sample report"; }
  fi
fi
# With no report given and the shared data beside the checkout, the zh example's report is checked too.
ZH_REPORT=""
if [ -z "${1:-}" ] && [ -n "${BIN:-}" ] && [ -x "${BIN:-}" ] && [ -d ../shared/geodata/beijing_hlg ]; then
  note "running $BIN run examples/huilongguan/study.yaml --out $WORK/hlg (a zh report)"
  "$BIN" run examples/huilongguan/study.yaml --out "$WORK/hlg" --quiet >"$WORK/hlg.log" 2>&1 || { cat "$WORK/hlg.log" >&2; fail "the example study failed"; }
  ZH_REPORT="$WORK/hlg/report.html"
fi
[ -f "$REPORT" ] || fail "$REPORT: no such file: pass the report's path"
[ -s "$REPORT" ] || fail "$REPORT: the file is empty"
REPORT="$(cd "$(dirname "$REPORT")" && pwd)/$(basename "$REPORT")"
PNG="${2:-$WORK/report.png}"
URL="file://$REPORT"

# 1. Self-contained: nothing that would load from elsewhere.
EXTERNAL="$(grep -Eoi '(<script[^>]*[[:space:]]src|<link|<iframe|<img|<object|<embed|@import|(src|href|xlink:href|action|poster)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:|//|ftp:)|url\([[:space:]]*["'"'"']?(https?:|//))' "$REPORT" | sort | uniq -c || true)"
[ -z "$EXTERNAL" ] || fail "$REPORT is not self-contained:
$EXTERNAL"

# Every run: no network (names do not resolve), no sandbox (CI runs as root).
FLAGS=(--headless=new --no-sandbox --disable-gpu --no-first-run --disable-extensions
       --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars)

# 2. Screenshot at A4 proportions (1240 × 1754 px), with the browser's log.
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --enable-logging=stderr --v=0 --window-size=1240,1754 \
  --screenshot="$PNG" "$URL" >"$WORK/shot.out" 2>"$WORK/shot.err" || fail "chromium could not render $REPORT (see below)
$(tail -n 20 "$WORK/shot.err")"
[ -s "$PNG" ] || fail "chromium wrote no screenshot"
CONSOLE="$(grep -E 'CONSOLE|Uncaught' "$WORK/shot.err" || true)"
[ -z "$CONSOLE" ] || fail "console messages while opening the report:
$CONSOLE"

# 3. The DOM as the browser built it: maps present and not empty.
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --dump-dom "$URL" >"$WORK/dom.html" 2>"$WORK/dom.err" || fail "chromium --dump-dom failed"
[ -s "$WORK/dom.html" ] || fail "chromium returned an empty DOM"

# 4. Print to PDF (A4 from @page).
timeout 120 "$CHROMIUM" "${FLAGS[@]}" --no-pdf-header-footer --print-to-pdf="$WORK/report.pdf" "$URL" \
  >"$WORK/pdf.out" 2>"$WORK/pdf.err" || fail "chromium could not print $REPORT to PDF"

python3 - "$WORK/dom.html" "$PNG" "$WORK/report.pdf" <<'PY'
import re, struct, sys, zlib
from html.parser import HTMLParser

dom_path, png_path, pdf_path = sys.argv[1:4]

def fail(msg):
    print("check_report: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)

# Maps: each <svg class="map">, its drawn elements inside <g class="features">.
class Maps(HTMLParser):
    def __init__(self):
        super().__init__()
        self.maps = []       # [label, drawn]
        self.svg_depth = 0
        self.in_features = 0
        self.stack = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg" and "map" in (a.get("class") or "").split():
            self.maps.append([a.get("aria-label", "?"), 0])
            self.svg_depth = 1
            self.stack = []
            return
        if self.svg_depth:
            void = tag in ("path", "circle", "rect", "polygon", "polyline", "line", "ellipse", "use")
            if tag == "g" and "features" in (a.get("class") or "").split():
                self.in_features += 1
                self.stack.append("features")
            elif not void:
                self.stack.append(tag)
            if void and self.in_features:
                self.maps[-1][1] += 1
    def handle_startendtag(self, tag, attrs):
        if self.svg_depth and self.in_features and tag in ("path", "circle", "rect", "polygon", "polyline", "line", "ellipse", "use"):
            self.maps[-1][1] += 1
    def handle_endtag(self, tag):
        if not self.svg_depth:
            return
        if tag == "svg" and not self.stack:
            self.svg_depth = 0
            return
        if tag in ("path", "circle", "rect", "polygon", "polyline", "line", "ellipse", "use"):
            return
        if self.stack:
            top = self.stack.pop()
            if top == "features":
                self.in_features -= 1

p = Maps()
p.feed(open(dom_path, encoding="utf-8", errors="replace").read())
if not p.maps:
    fail("the report has no maps (no <svg class=\"map\">)")
empty = [label for label, n in p.maps if n == 0]
if empty:
    fail("empty map(s): " + ", ".join(empty))

# A zh report reads in Chinese: no English id glued to Chinese text, and every
# character is in the CJK font (fc-query's charset), so none prints as a box.
html = open(dom_path, encoding="utf-8", errors="replace").read()
if re.search(r'<html[^>]*lang="zh', html):
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", body)
    import html as htmlmod
    text = htmlmod.unescape(text)
    glued = sorted(set(m.group(0) for m in re.finditer(r"[\u4e00-\u9fff][a-z][a-z_]{2,}|[a-z_]{2,}[a-z][\u4e00-\u9fff]", text)))
    if glued:
        fail("English ids inside Chinese text: " + ", ".join(glued[:10]))
    import subprocess
    try:
        font = subprocess.run(["fc-match", "-f", "%{file}", "WenQuanYi Micro Hei:lang=zh-cn"], capture_output=True, text=True).stdout.strip()
        charset = subprocess.run(["fc-query", "-f", "%{charset}", font], capture_output=True, text=True).stdout.split()
    except OSError:
        charset = []
    if charset:
        ranges = []
        for r in charset:
            a, _, b = r.partition("-")
            ranges.append((int(a, 16), int(b or a, 16)))
        def covered(c):
            return any(a <= c <= b for a, b in ranges)
        missing = sorted(set(ch for ch in text if ord(ch) > 0x2e7f and not covered(ord(ch))))
        if missing:
            fail("characters the CJK font lacks (printed as boxes): " + "".join(missing[:20]))
        print("check_report: zh text: no English ids in Chinese sentences; %d distinct CJK characters, all in %s"
              % (len(set(ch for ch in text if ord(ch) > 0x2e7f)), font))
    else:
        print("check_report: note: fc-query unavailable, glyph coverage not checked")

# PNG: decode (stdlib only) and make sure the page is not blank.
def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(path + " is not a PNG")
    pos, idat = 8, b""
    while pos < len(data):
        n, t = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if t == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif t == b"IDAT":
            idat += body
        elif t == b"IEND":
            break
    if depth != 8 or interlace != 0 or ctype not in (0, 2, 4, 6):
        fail("unexpected PNG format (depth %d, colour type %d, interlace %d)" % (depth, ctype, interlace))
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows, i = [], 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                line[x] = (line[x] + ((line[x - bpp] if x >= bpp else 0) + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                pp = a + b - c
                pa, pb, pc = abs(pp - a), abs(pp - b), abs(pp - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows

w, h, bpp, rows = decode(png_path)
colours, nonwhite, total = set(), 0, 0
for y in range(0, h, 2):
    r = rows[y]
    for x in range(0, w * bpp, bpp * 2):
        px = bytes(r[x:x + min(bpp, 3)])
        colours.add(px)
        total += 1
        if min(px) < 235:
            nonwhite += 1
share = nonwhite / max(total, 1)
if share < 0.02 or len(colours) < 16:
    fail("the screenshot looks blank (%.1f%% non-white pixels, %d colours)" % (share * 100, len(colours)))

pdf = open(pdf_path, "rb").read()
pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
if pages < 1:
    fail("the PDF print has no pages")

print("check_report: OK: %d map(s) (%s drawn elements), screenshot %dx%d with %.0f%% ink and %d colours, %d A4 page(s) in print"
      % (len(p.maps), "/".join(str(n) for _, n in p.maps), w, h, share * 100, len(colours), pages))
PY
if [ -z "${2:-}" ] && [ "${KEEP:-0}" != "1" ]; then note "report $REPORT (screenshot discarded: pass OUT.png or KEEP=1 to keep it)"; else note "report $REPORT, screenshot $PNG"; fi
if [ -n "$ZH_REPORT" ]; then bash "$SELF" "$ZH_REPORT"; fi
