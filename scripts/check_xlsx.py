#!/usr/bin/python3
"""Reads a study's tables/*.xlsx back with the standard library (zipfile + XML)
and checks the cells are typed: grid codes are text (and keep leading zeros),
shares and counts are numbers, the CSV beside each workbook keeps its UTF-8 BOM,
and a zh study's headers are Chinese.

Usage: python3 scripts/check_xlsx.py STUDY_FOLDER...
"""
import csv
import json
import os
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
problems = []


def fail(msg):
    problems.append(msg)
    print("  FAIL: " + msg)


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def read_sheet(path):
    """First sheet as rows of (type, value): 's' text, 'n' number."""
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad:
            fail(f"{path}: corrupt entry {bad}")
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
        rows = []
        for row in root.find("m:sheetData", NS):
            cells = {}
            for c in row:
                t = c.get("t")
                if t == "inlineStr":
                    cells[col_index(c.get("r"))] = ("s", "".join(x.text or "" for x in c.iter(f"{{{NS['m']}}}t")))
                else:
                    v = c.find("m:v", NS)
                    cells[col_index(c.get("r"))] = ("n", float(v.text)) if v is not None else ("empty", None)
            width = max(cells) + 1 if cells else 0
            rows.append([cells.get(i, ("empty", None)) for i in range(width)])
        return rows


def check_folder(folder):
    tables = os.path.join(folder, "tables")
    lang = json.load(open(os.path.join(folder, "summary.json"), encoding="utf-8")).get("study", {}).get("lang", "en")
    for name in sorted(os.listdir(tables)):
        if not name.endswith(".csv"):
            continue
        csv_path = os.path.join(tables, name)
        xlsx_path = csv_path[:-4] + ".xlsx"
        with open(csv_path, "rb") as f:
            if f.read(3) != b"\xef\xbb\xbf":
                fail(f"{name}: no UTF-8 BOM")
        if not os.path.exists(xlsx_path):
            fail(f"{name}: no .xlsx beside it")
            continue
        with open(csv_path, encoding="utf-8-sig", newline="") as f:
            keys = next(csv.reader(f), [])
        rows = read_sheet(xlsx_path)
        header = [v for _, v in rows[0]] if rows else []
        if len(header) != len(keys):
            fail(f"{name}: the workbook has {len(header)} columns, the CSV {len(keys)}")
            continue
        if lang.startswith("zh") and not any(re.search(r"[\u4e00-\u9fff]", h or "") for h in header):
            fail(f"{name}: a zh study's headers are not Chinese: {header[:4]}")
        typed = {}
        for i, k in enumerate(keys):
            kinds = {r[i][0] for r in rows[1:] if i < len(r) and r[i][0] != "empty"}
            typed[k] = kinds
            if k == "grid_code" or k.endswith("_code") and k != "reason_code":
                if kinds - {"s"}:
                    fail(f"{name}: {k} is not text ({kinds})")
                values = [r[i][1] for r in rows[1:] if i < len(r) and r[i][0] == "s"]
                print(f"  {name}: {k} text, e.g. {values[:3]}")
            if k.startswith("share_") or "_share" in k or k.startswith("n_") or k in ("units", "weight", "area_m2"):
                if kinds - {"n"}:
                    fail(f"{name}: {k} is not numeric ({kinds})")
        shares = [k for k in keys if k.startswith("share_") or "_share" in k]
        print(f"  {name}: {len(rows) - 1} rows, {len(keys)} columns; numeric shares: {shares}")


def main(argv):
    for folder in argv:
        print(f"check_xlsx: {folder}")
        check_folder(folder)
    if problems:
        print(f"check_xlsx: FAIL: {len(problems)} problems")
        return 1
    print("check_xlsx: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
