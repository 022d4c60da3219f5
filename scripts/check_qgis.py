#!/usr/bin/python3
"""Checks LifeCircle study folders in a real QGIS (PyQGIS, headless).

For each folder (holding study.gpkg and study.qgs):
  - every layer of study.gpkg opens and picks up its default style from
    `layer_styles`; every feature has a geometry and falls in exactly one
    class of its style (no catch-all or ELSE class, no unmatched feature);
  - study.qgs opens with every layer valid and the same styles, and each
    print layout has a map, legend, scale bar, north arrow and labels and
    renders to a PNG that is not blank.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/check_qgis.py FOLDER... [--png-dir DIR]
Exit status 1 on the first folder with a problem; prints one line per layer.
"""
import os
import sqlite3
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsExpressionContextUtils,
    QgsGraduatedSymbolRenderer,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsProject,
    QgsRenderContext,
    QgsRuleBasedRenderer,
    QgsVectorLayer,
    Qgis,
)
from qgis.PyQt.QtGui import QImage  # noqa: E402

problems = []


def fail(msg):
    problems.append(msg)
    print("  FAIL: " + msg)


def classes_of(renderer):
    """(key, label, is_catch_all) of every class of a renderer."""
    out = []
    if isinstance(renderer, QgsRuleBasedRenderer):
        for r in renderer.rootRule().descendants():
            if r.symbol() is None:
                continue
            expr = (r.filterExpression() or "").strip()
            out.append((r.ruleKey(), r.label(), r.isElse() or expr == ""))
    elif isinstance(renderer, QgsCategorizedSymbolRenderer):
        for i, c in enumerate(renderer.categories()):
            out.append((str(i), c.label(), c.value() in ("", None)))
    elif isinstance(renderer, QgsGraduatedSymbolRenderer):
        for i, r in enumerate(renderer.ranges()):
            out.append((str(i), r.label(), False))
    else:
        out.append(("single", renderer.type(), False))
    return out


def check_layer(layer, where):
    """Every feature in exactly one explicit class; returns a summary line."""
    r = layer.renderer()
    if r is None:
        fail(f"{where}: no renderer")
        return
    classes = classes_of(r)
    single = r.type() == "singleSymbol" or (
        isinstance(r, QgsRuleBasedRenderer) and len(classes) == 1 and r.rootRule().children()[0].filterExpression() == "TRUE"
    )
    for key, label, catch_all in classes:
        if catch_all and not single:
            fail(f"{where}: class '{label}' is a catch-all")
    ctx = QgsRenderContext()
    ctx.setExpressionContext(ctx.expressionContext())
    ec = ctx.expressionContext()
    for scope in QgsExpressionContextUtils.globalProjectLayerScopes(layer):
        ec.appendScope(scope)
    ctx.setExpressionContext(ec)
    class_keys = {k for k, _, _ in classes}
    rr = r.clone()
    rr.startRender(ctx, layer.fields())
    counts = {}
    unmatched = several = nogeom = total = 0
    for f in layer.getFeatures():
        total += 1
        if not f.hasGeometry() or f.geometry().isEmpty():
            nogeom += 1
        ec = ctx.expressionContext()
        ec.setFeature(f)
        ctx.setExpressionContext(ec)
        if single:
            counts["single"] = counts.get("single", 0) + 1
            continue
        # The rule renderer also reports its (symbol-less) root rule: count only classes.
        keys = [k for k in rr.legendKeysForFeature(f, ctx) if k in class_keys]
        if len(keys) == 0:
            unmatched += 1
        elif len(keys) > 1:
            several += 1
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
    rr.stopRender(ctx)
    labels = {k: label for k, label, _ in classes}
    parts = ", ".join(f"{labels.get(k, k)}: {n}" for k, n in counts.items())
    print(f"  {where}: {total} features, {len(classes)} classes ({r.type()}); {parts}")
    if unmatched:
        fail(f"{where}: {unmatched} of {total} features match no class")
    if several:
        fail(f"{where}: {several} of {total} features match several classes")
    if nogeom:
        fail(f"{where}: {nogeom} of {total} features have no geometry")


def styled_tables(gpkg):
    con = sqlite3.connect(gpkg)
    try:
        has = con.execute("SELECT count(*) FROM sqlite_master WHERE name='layer_styles'").fetchone()[0]
        styles = {}
        if has:
            for t, qml in con.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault"):
                styles[t] = qml
        tables = [
            (t, d)
            for t, d in con.execute("SELECT table_name, data_type FROM gpkg_contents WHERE table_name != 'layer_styles' ORDER BY table_name")
        ]
        return tables, styles
    finally:
        con.close()


def expected_type(qml):
    for t in ("RuleRenderer", "categorizedSymbol", "graduatedSymbol", "singleSymbol"):
        if f'type="{t}"' in qml:
            return t
    return None


def data_column_aliases(gpkg):
    """(table, column) -> alias from gpkg_data_columns (written for zh studies)."""
    con = sqlite3.connect(gpkg)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_data_columns'").fetchone():
            return {}
        return {(t, c): n for t, c, n in con.execute("SELECT table_name, column_name, name FROM gpkg_data_columns")}
    finally:
        con.close()


def check_aliases(layer, table, aliases, where):
    """QGIS shows the study language's headers as field aliases (from the style:
    QGIS 3.22 does not read gpkg_data_columns)."""
    want = {c: n for (t, c), n in aliases.items() if t == table}
    if not want:
        return 0
    got = {f.name(): layer.attributeAlias(i) for i, f in enumerate(layer.fields())}
    wrong = [(c, got.get(c), n) for c, n in want.items() if got.get(c) != n]
    if wrong:
        fail(f"{where}: field aliases not applied, e.g. {wrong[:3]}")
    return len(want)


def check_geopackage(folder):
    gpkg = os.path.join(folder, "study.gpkg")
    tables, styles = styled_tables(gpkg)
    aliases = data_column_aliases(gpkg)
    shown = 0
    for table, kind in tables:
        layer = QgsVectorLayer(f"{gpkg}|layername={table}", table, "ogr")
        if not layer.isValid():
            fail(f"{table}: does not open in QGIS")
            continue
        if kind != "features":
            if layer.isSpatial():
                fail(f"{table}: a plain table registered as a map layer")
            print(f"  {table}: attribute table, {layer.featureCount()} rows")
            continue
        if table not in styles:
            fail(f"{table}: no default style in layer_styles")
            continue
        msg, ok = layer.loadDefaultStyle()
        want = expected_type(styles[table])
        got = layer.renderer().type() if layer.renderer() else None
        if got != want:
            fail(f"{table}: default style not applied ({got} instead of {want}; {msg})")
        shown += check_aliases(layer, table, aliases, table)
        check_layer(layer, table)
    if aliases:
        print(f"  field aliases shown in QGIS: {shown} of {len(aliases)}")


def check_project(folder, png_dir):
    path = os.path.join(folder, "study.qgs")
    if not os.path.exists(path):
        fail("study.qgs is missing")
        return
    project = QgsProject.instance()
    project.clear()
    if not project.read(path):
        fail(f"study.qgs does not open: {project.error()}")
        return
    layers = list(project.mapLayers().values())
    if not layers:
        fail("study.qgs has no layers")
    aliases = data_column_aliases(os.path.join(folder, "study.gpkg"))
    for layer in layers:
        if not layer.isValid():
            fail(f"study.qgs: layer {layer.name()} is not valid")
            continue
        table = layer.source().split("layername=")[-1].split("|")[0]
        check_aliases(layer, table, aliases, "project/" + layer.name())
        check_layer(layer, "project/" + layer.name())
    georeferenced = [l for l in layers if l.crs().isValid()]
    if georeferenced and not project.crs().isValid():
        fail("study.qgs has no CRS though its layers have one")
    print(f"  project CRS: {project.crs().authid() or project.crs().description() or 'none (local metres)'}")
    groups = [g.name() for g in project.layerTreeRoot().children()]
    print(f"  groups: {groups}")
    layouts = project.layoutManager().printLayouts()
    if not layouts:
        fail("study.qgs has no print layout")
    for lay in layouts:
        items = lay.items()
        kinds = {
            "map": [i for i in items if isinstance(i, QgsLayoutItemMap)],
            "legend": [i for i in items if isinstance(i, QgsLayoutItemLegend)],
            "scale bar": [i for i in items if isinstance(i, QgsLayoutItemScaleBar)],
            "north arrow": [i for i in items if isinstance(i, QgsLayoutItemPicture)],
            "title and source note": [i for i in items if isinstance(i, QgsLayoutItemLabel)],
        }
        for k, v in kinds.items():
            if not v:
                fail(f"layout '{lay.name()}': no {k}")
        for m in kinds["map"]:
            if not m.layers():
                fail(f"layout '{lay.name()}': the map shows no layer")
        for lg in kinds["legend"]:
            if lg.model().rootGroup().findLayers() == []:
                fail(f"layout '{lay.name()}': the legend lists no layer")
        png = os.path.join(png_dir, f"{os.path.basename(os.path.normpath(folder))}-{lay.name()}.png")
        exporter = QgsLayoutExporter(lay)
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = 96
        settings.generateWorldFile = False
        settings.exportMetadata = False
        res = exporter.exportToImage(png, settings)
        if res != QgsLayoutExporter.Success:
            fail(f"layout '{lay.name()}': export to PNG failed ({res}: {exporter.errorMessage()})")
            continue
        img = QImage(png)
        colours = set()
        for y in range(0, img.height(), max(1, img.height() // 60)):
            for x in range(0, img.width(), max(1, img.width() // 60)):
                colours.add(img.pixel(x, y))
        print(f"  layout '{lay.name()}': {len(lay.items())} items, {len(kinds['map'][0].layers()) if kinds['map'] else 0} map layers, "
              f"PNG {img.width()}x{img.height()} with {len(colours)} sampled colours -> {png}")
        if len(colours) < 8:
            fail(f"layout '{lay.name()}': the PNG looks blank ({len(colours)} colours)")
    project.clear()


def main(argv):
    png_dir = None
    folders = []
    it = iter(argv)
    for a in it:
        if a == "--png-dir":
            png_dir = next(it)
        else:
            folders.append(a)
    if not folders:
        print(__doc__)
        return 2
    png_dir = png_dir or tempfile.mkdtemp(prefix="lifecircle-qgis-")
    os.makedirs(png_dir, exist_ok=True)
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    print(f"check_qgis: QGIS {Qgis.QGIS_VERSION}")
    for folder in folders:
        print(f"check_qgis: {folder}")
        check_geopackage(folder)
        check_project(folder, png_dir)
    app.exitQgis()
    if problems:
        print(f"check_qgis: FAIL: {len(problems)} problems")
        return 1
    print("check_qgis: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
