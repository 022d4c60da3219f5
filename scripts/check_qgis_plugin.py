#!/usr/bin/python3
"""Checks the LifeCircle QGIS plugin in a real QGIS (PyQGIS + Processing, headless).

  - the provider "LifeCircle" lists its six algorithms, with English labels
    under an English QGIS locale and Chinese ones under zh_CN;
  - every algorithm runs through processing.run (grids partition in a
    background task, as the dialog runs it) on the shared data, its
    outputs are loaded the way the Processing dialog loads them
    (processing.gui.Postprocessing.handleAlgorithmResults), styled from
    layer_styles and grouped; each loaded layer's feature count and every
    number of the analysis' summary equal those of the same CLI command;
  - a long run (coverage on Wuhan's streets) cancelled through the feedback
    stops on SIGINT and leaves
    neither its output folder, nor a staging folder, nor the exported inputs;
  - an algorithm runs as a step of a model; an engine error comes back as
    the CLI's own message; a missing binary is named.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/check_qgis_plugin.py PROFILE_DIR WORK_DIR
(scripts/check_qgis_plugin.sh packages the zip, unzips it into PROFILE_DIR/python/plugins and runs this.)
Environment: LIFECIRCLE_BIN (the binary), SHARED (../shared/geodata), ONLY=coverage,parks,… (a subset).
"""
import glob
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PROFILE, WORK = sys.argv[1], sys.argv[2]
PLUGINS = os.path.join(PROFILE, "python", "plugins")
# The plugin finds the binary through its Processing setting, as a planner sets it.
BIN = os.environ.pop("LIFECIRCLE_BIN")
SHARED = os.path.abspath(os.environ.get("SHARED", "../shared/geodata"))
sys.path.insert(0, "/usr/share/qgis/python/plugins")  # Debian's Processing plugin

from qgis.core import (  # noqa: E402
    Qgis,
    QgsApplication,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsField,
    QgsLayerTreeGroup,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProject,
    QgsSettings,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant  # noqa: E402

# A QGIS profile of its own: settings (locale, the binary) stay in it, and the
# plugin is installed in its python/plugins as "Install from ZIP" leaves it.
app = QgsApplication([], False, PROFILE)
QgsApplication.setPrefixPath("/usr", True)
app.initQgis()
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
import processing  # noqa: E402
from processing.gui.Postprocessing import handleAlgorithmResults  # noqa: E402

import qgis.utils  # noqa: E402

problems = []


def fail(msg):
    problems.append(msg)
    print("  FAIL: " + msg, flush=True)


def ok(msg):
    print("  ok: " + msg, flush=True)


class Feedback(QgsProcessingFeedback):
    """Keeps the log; cancels itself once a given stage has finished."""

    def __init__(self, cancel_at=None):
        super().__init__()
        self.log, self.cancel_at, self.cancelled_at = [], cancel_at, None
        self.progress_values = []
        self.progressChanged.connect(self.progress_values.append)

    def setProgressText(self, text):
        # The plugin names each stage as the engine starts it ("▸ coverage …").
        super().setProgressText(text)
        if self.cancel_at and text == self.cancel_at and self.cancelled_at is None:
            self.cancelled_at = time.time()
            self.cancel()

    def pushInfo(self, s):
        self.log.append(s)

    def pushCommandInfo(self, s):
        self.log.append(s)

    def reportError(self, s, fatalError=False):
        self.log.append("ERROR " + s)


# --- comparing ---------------------------------------------------------------

SKIP = ("elapsed", "seconds", "timings", "time_s", "stages")


def numbers(obj, path=""):
    """Every numeric leaf: path → value (timings left out: they differ run to run)."""
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            if any(s in k for s in SKIP):
                continue
            out.update(numbers(v, f"{path}.{k}" if path else k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.update(numbers(v, f"{path}[{i}]"))
    elif isinstance(obj, bool):
        out[path] = int(obj)
    elif isinstance(obj, (int, float)):
        out[path] = obj
    return out


def same_numbers(name, plugin, cli, must=()):
    a, b = numbers(plugin), numbers(cli)
    common = sorted(set(a) & set(b))
    bad = [k for k in common if abs(a[k] - b[k]) > 1e-9 * max(1.0, abs(b[k]))]
    missing = [k for k in must if k not in common]
    if missing:
        fail(f"{name}: summary lacks {missing}")
    if len(common) < 5:
        fail(f"{name}: only {len(common)} summary numbers in common")
    if bad:
        fail(f"{name}: {len(bad)} of {len(common)} summary numbers differ, e.g. " + ", ".join(f"{k}: {a[k]} vs {b[k]}" for k in bad[:5]))
    else:
        shown = ", ".join(f"{k} = {a[k]:.6g}" for k in must)
        ok(f"{name}: {len(common)} summary numbers equal the CLI's ({shown})")


def table_counts(gpkg):
    con = sqlite3.connect(gpkg)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def cli(name, args):
    """Runs the same analysis with the CLI; returns (summary, {layer: count})."""
    out = os.path.join(WORK, "cli-" + name)
    os.makedirs(out, exist_ok=True)
    gpkg, summary = os.path.join(out, "out.gpkg"), os.path.join(out, "summary.json")
    r = subprocess.run([BIN] + args + ["--out", gpkg, "--summary", summary], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"CLI {name} failed: {r.stderr.strip().splitlines()[-1:]}")
    with open(summary, encoding="utf-8") as f:
        return json.load(f), table_counts(gpkg)


# --- running an algorithm as the dialog does -------------------------------------


def run_in_task(alg, params, context, feedback):
    """As the dialog runs it: a QgsProcessingAlgRunnerTask on a worker thread."""
    task = QgsProcessingAlgRunnerTask(QgsApplication.processingRegistry().createAlgorithmById(alg), params, context, feedback)
    done = {}
    task.executed.connect(lambda ok, res: done.update(ok=ok, res=res))
    QgsApplication.taskManager().addTask(task)
    t = time.time()
    while "ok" not in done and time.time() - t < 600:
        app.processEvents()
        time.sleep(0.05)
    if not done.get("ok"):
        raise QgsProcessingException(f"the task failed: {[l for l in feedback.log if l.startswith('ERROR')][-1:]}")
    return done["res"]


def run_alg(alg, params, name, feedback=None, task=False):
    """processing.run (or a background task), then the dialog's own result
    handling (layers loaded, post-processors applied). Returns (results,
    {table: layer}, group)."""
    project = QgsProject.instance()
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = feedback or Feedback()
    params = dict(params, OUTPUT=os.path.join(WORK, "plugin-" + name))
    t = time.time()
    results = run_in_task(alg, params, context, feedback) if task else processing.run(alg, params, context=context, feedback=feedback)
    handled = handleAlgorithmResults(QgsApplication.processingRegistry().algorithmById(alg), context, feedback, True, params)
    if not handled:
        fail(f"{name}: some result layers did not load: {feedback.log[-3:]}")
    # The engine's stage lines are the dialog's log and progress bar.
    stages = [l for l in feedback.log if l.startswith("✓ ")]
    if not stages or not feedback.progress_values or max(feedback.progress_values) < 100:
        fail(f"{name}: no progress reported (stages {stages}, progress {feedback.progress_values[-3:]})")
    groups = [g for g in project.layerTreeRoot().children() if isinstance(g, QgsLayerTreeGroup) and g.name().endswith("plugin-" + name)]
    layers = {}
    if len(groups) != 1:
        fail(f"{name}: {len(groups)} result groups instead of 1")
        return results, layers, None
    for node in groups[0].findLayers():
        lyr = node.layer()
        table = lyr.source().split("layername=")[-1]
        layers[table] = lyr
    print(f"  {name}: ran in {time.time() - t:.1f} s; group '{groups[0].name()}' "
          f"with subgroups {[g.name() for g in groups[0].children() if isinstance(g, QgsLayerTreeGroup)]}", flush=True)
    check_styles(name, results["GEOPACKAGE"], layers)
    # Draw order and groups as in the run's study.qgs.
    tree = ET.parse(os.path.join(results["OUTPUT"], "study.qgs")).getroot().find("layer-tree-group")
    want = [(g.get("name"), l.get("source").split("layername=")[-1]) for g in tree.iter("layer-tree-group") for l in g.findall("layer-tree-layer")]
    got = [(n.parent().name(), n.layer().source().split("layername=")[-1]) for n in groups[0].findLayers()]
    if got != want:
        fail(f"{name}: layer tree {got}, study.qgs has {want}")
    return results, layers, groups[0]


def check_styles(name, gpkg, layers):
    """Each loaded layer wears the default style the run stored for it."""
    con = sqlite3.connect(gpkg)
    styles = dict(con.execute("SELECT f_table_name, styleQML FROM layer_styles WHERE useAsDefault"))
    con.close()
    for table, lyr in layers.items():
        qml = styles.get(table)
        if qml is None:
            fail(f"{name}: {table} has no stored style")
            continue
        want = next((t for t in ("RuleRenderer", "categorizedSymbol", "graduatedSymbol", "singleSymbol") if f'type="{t}"' in qml), None)
        if lyr.renderer() is None or lyr.renderer().type() != want:
            fail(f"{name}: {table} renders as {lyr.renderer().type() if lyr.renderer() else None}, its style says {want}")


def same_counts(name, layers, cli_counts, prefix):
    got = {t[len(prefix):]: lyr.featureCount() for t, lyr in layers.items() if t.startswith(prefix)}
    missing = [t for t in cli_counts if t not in got]
    if missing:
        fail(f"{name}: layers {missing} of the CLI's output were not loaded (loaded: {sorted(got)})")
    bad = {t: (got[t], n) for t, n in cli_counts.items() if t in got and got[t] != n}
    if bad:
        fail(f"{name}: feature counts differ from the CLI's: {bad}")
    elif not missing:
        ok(f"{name}: loaded layers' feature counts equal the CLI's: {dict(sorted((t, got[t]) for t in cli_counts))}")


def summary_of(results, section):
    with open(results["SUMMARY"], encoding="utf-8") as f:
        return json.load(f)[section]


def layer(path, name, layername=None):
    uri = f"{path}|layername={layername}" if layername else path
    lyr = QgsVectorLayer(uri, name, "ogr")
    if not lyr.isValid():
        raise RuntimeError(f"{uri} does not open")
    QgsProject.instance().addMapLayer(lyr)
    return lyr


# --- the checks ------------------------------------------------------------------


def check_provider():
    # QGIS's own plugin loader, as qgis_process and the desktop start a processing plugin.
    qgis.utils.plugin_paths.insert(0, PLUGINS)
    sys.path.insert(0, PLUGINS)
    qgis.utils.updateAvailablePlugins()
    if qgis.utils.pluginMetadata("lifecircle_qgis", "hasProcessingProvider") != "yes":
        fail("metadata.txt does not declare hasProcessingProvider=yes")
    if not (qgis.utils.loadPlugin("lifecircle_qgis") and qgis.utils.startProcessingPlugin("lifecircle_qgis")):
        fail("QGIS did not load the plugin")
        return
    ok(f"plugin {qgis.utils.pluginMetadata('lifecircle_qgis', 'name')} {qgis.utils.pluginMetadata('lifecircle_qgis', 'version')} "
       f"loaded from {PLUGINS} by QGIS's plugin loader")
    reg = QgsApplication.processingRegistry()
    from processing.core.ProcessingConfig import ProcessingConfig

    if "LIFECIRCLE_BINARY" not in ProcessingConfig.settings:
        fail("the provider adds no 'lifecircle binary' setting")
    # The setting's own validator refuses a missing file: a path that went away later.
    QgsSettings().setValue("Processing/Configuration/LIFECIRCLE_BINARY", "/nonexistent/lifecircle")
    try:
        processing.run("lifecircle:run", {"STUDY": os.path.abspath("examples/huilongguan/study.yaml"), "OUTPUT": os.path.join(WORK, "nobin")})
        fail("a missing binary was not reported")
    except QgsProcessingException as e:
        if "/nonexistent/lifecircle" not in str(e):
            fail(f"missing binary: unclear message {e}")
        else:
            ok(f"missing binary: {e}")
    ProcessingConfig.setSettingValue("LIFECIRCLE_BINARY", BIN)
    want = {"coverage", "access", "site", "grids", "parks", "run"}
    labels = {}
    for locale in ("en_US", "zh_CN"):
        QgsSettings().setValue("locale/userLocale", locale)
        prov = reg.providerById("lifecircle")
        prov.refreshAlgorithms()
        algs = {a.name(): a for a in prov.algorithms()}
        if set(algs) != want:
            fail(f"provider lists {sorted(algs)}, expected {sorted(want)}")
        labels[locale] = {n: a.displayName() for n, a in algs.items()}
        params = {n: [p.description() for p in a.parameterDefinitions()] for n, a in algs.items()}
        helps = {n: a.shortHelpString() for n, a in algs.items()}
        for n in algs:
            if "Example" not in helps[n] and "示例" not in helps[n]:
                fail(f"{locale}: {n} has no example in its help")
        print(f"  {locale}: provider '{prov.name()}', {len(algs)} algorithms: " + "; ".join(f"{n}: {labels[locale][n]}" for n in sorted(algs)))
        print(f"  {locale}: coverage parameters: {params['coverage'][:4]} …")
    for n in want:
        en, zh = labels["en_US"].get(n, ""), labels["zh_CN"].get(n, "")
        if en == zh or not any("\u4e00" <= c <= "\u9fff" for c in zh) or any("\u4e00" <= c <= "\u9fff" for c in en):
            fail(f"{n}: labels not English/Chinese: '{en}' / '{zh}'")
    QgsSettings().setValue("locale/userLocale", "en_US")
    reg.providerById("lifecircle").refreshAlgorithms()
    ok("six algorithms, English and Chinese labels, help with examples")


SPO = os.path.join(SHARED, "sao_paulo")
HEX = os.path.join(SPO, "spo_hexgrid_EPSG32723.gpkg")
PBF = os.path.join(SPO, "spo_osm.pbf")
SPO_CLI = ["--network", PBF, "--residents", HEX, "--weight", "population", "--resident-point", "centroid",
           "--facilities", HEX, "--facilities-filter", "schools > 0", "--category-name", "school"]


def spo_params(hexes):
    return {"NETWORK_FILE": PBF, "RESIDENTS": hexes, "WEIGHT": "population", "RESIDENT_POINT": 1,
            "FACILITIES": hexes, "FACILITIES_FILTER": "schools > 0", "CATEGORY_NAME": "school", "CSV": False, "REPORT": False}


def check_coverage(hexes):
    res, layers, _ = run_alg("lifecircle:coverage", dict(spo_params(hexes), TIERS="300,500,1000", SERVICE_AREAS=True, GAPS=True), "coverage")
    s, counts = cli("coverage", ["coverage"] + SPO_CLI + ["--tiers", "300,500,1000", "--service-areas", "--gaps"])
    same_counts("coverage", layers, counts, "coverage_")
    same_numbers("coverage", summary_of(res, "coverage"), s,
                 ["categories[0].tiers[2].covered_weight", "tiers[0].all_categories_share", "tiers[2].all_categories_share"])


def check_access(hexes):
    res, layers, _ = run_alg("lifecircle:access", dict(spo_params(hexes), CAPACITY="schools", CATCHMENT=1000), "access")
    s, counts = cli("access", ["access"] + SPO_CLI + ["--capacity", "schools", "--catchment", "1000"])
    same_counts("access", layers, counts, "access_")
    same_numbers("access", summary_of(res, "access"), s, ["categories[0].mean", "categories[0].median", "categories[0].gini", "categories[0].no_facility_share"])


def check_site(hexes):
    res, layers, _ = run_alg("lifecircle:site", dict(spo_params(hexes), FOR="school", RADIUS=500, GRID_SPACING=250, COUNT=5), "site")
    s, counts = cli("site", ["site"] + SPO_CLI + ["--for", "school", "--radius", "500", "--grid-spacing", "250", "--count", "5"])
    same_counts("site", layers, counts, "site_")
    same_numbers("site", summary_of(res, "site"), s, ["exact_value", "greedy_value"])


def check_grids(hexes):
    # Partition: the 323 cells into 10 grids.
    res, layers, _ = run_alg("lifecircle:grids", {"UNITS": hexes.id(), "WEIGHT": "population", "GRIDS": 10, "TIME_LIMIT": 600, "CSV": False, "REPORT": False},
                             "grids-partition", task=True)
    s, counts = cli("grids-partition", ["grids", "partition", "--units", HEX, "--weight", "population", "--grids", "10", "--time-limit", "600"])
    same_counts("grids partition", layers, counts, "grids_")
    same_numbers("grids partition", summary_of(res, "grids"), s, ["grid_count", "max_abs_deviation", "cut_edges", "mean_polsby_popper"])
    # An existing plan in a memory layer (never saved): five west→east strips of cells.
    mem = QgsVectorLayer(f"Polygon?crs={hexes.crs().authid()}", "strips", "memory")
    pr = mem.dataProvider()
    pr.addAttributes(list(hexes.fields()) + [QgsField("plan", QVariant.String)])
    mem.updateFields()
    feats = sorted(hexes.getFeatures(), key=lambda f: (f.geometry().centroid().asPoint().x(), f.id()))
    out = []
    for i, f in enumerate(feats):
        g = QgsFeature(mem.fields())
        g.setGeometry(f.geometry())
        g.setAttributes(f.attributes() + [f"{1 + i * 5 // len(feats):03d}"])
        out.append(g)
    pr.addFeatures(out)
    QgsProject.instance().addMapLayer(mem)
    # The CLI reads the same plan from a file.
    path = os.path.join(WORK, "strips.gpkg")
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(mem, path, QgsProject.instance().transformContext(), opts)
    for cmd, i in (("evaluate", 1), ("rebalance", 2)):
        params = {"COMMAND": i, "UNITS": mem, "WEIGHT": "population", "ASSIGNMENT": "plan", "CSV": False, "REPORT": False}
        args = ["grids", cmd, "--units", path, "--weight", "population", "--assignment", "plan"]
        if cmd == "rebalance":
            params["TIME_LIMIT"] = 600
            args += ["--time-limit", "600"]
        res, layers, _ = run_alg("lifecircle:grids", params, "grids-" + cmd)
        s, counts = cli("grids-" + cmd, args)
        same_counts("grids " + cmd, layers, counts, "grids_")
        same_numbers("grids " + cmd, summary_of(res, "grids"), s, ["grid_count", "max_abs_deviation", "range"])
    # Selected features only: the two western strips, against the CLI with the same filter.
    mem.selectByExpression("plan IN ('001', '002')")
    selected = QgsProcessingFeatureSourceDefinition(mem.id(), selectedFeaturesOnly=True)
    res, layers, _ = run_alg("lifecircle:grids", {"COMMAND": 1, "UNITS": selected, "WEIGHT": "population", "ASSIGNMENT": "plan",
                                                  "CSV": False, "REPORT": False}, "grids-selected")
    s, counts = cli("grids-selected", ["grids", "evaluate", "--units", path, "--units-filter", "plan IN ('001', '002')",
                                       "--weight", "population", "--assignment", "plan"])
    same_counts("grids evaluate, selected features", layers, counts, "grids_")
    same_numbers("grids evaluate, selected features", summary_of(res, "grids"), s, ["grid_count", "units", "total_weight.population"])


HLG = os.path.join(SHARED, "beijing_hlg", "hlg.geojson")


def check_parks():
    hlg = layer(HLG, "hlg")
    res, layers, _ = run_alg("lifecircle:parks", {
        "RESIDENTS": hlg, "RESIDENTS_FILTER": "type = 4", "WEIGHT_AREA": True, "RESIDENTIAL": hlg, "RESIDENTIAL_FILTER": "type = 4",
        "GREEN": hlg, "GREEN_FILTER": "type IN (7, 8)", "GREEN_RULES": "2000:300",
        "CANDIDATES": hlg, "CANDIDATES_FILTER": "type = 1 AND existence = 0", "SAMPLE_SPACING": 20,
        "METRIC": 2, "RADIUS": 300, "COUNT": 3, "WORKING_CRS": 1, "CSV": False, "REPORT": False}, "parks")
    s, counts = cli("parks", [
        "parks", "--crs", "local", "--residents", HLG, "--residents-filter", "type = 4", "--weight-area",
        "--residential", HLG, "--residential-filter", "type = 4", "--green", HLG, "--green-filter", "type IN (7, 8)",
        "--green-rules", "2000:300", "--candidates", HLG, "--candidates-filter", "type = 1 AND existence = 0",
        "--sample-spacing", "20", "--metric", "euclidean", "--radius", "300", "--count", "3"])
    same_counts("parks", layers, counts, "parks_")
    same_numbers("parks", summary_of(res, "parks"), s, ["exact_value", "greedy_value", "served_share_after", "service_radius_coverage_after"])


def check_amap():
    csv = os.path.join(WORK, "nanshan_amap.csv")
    r = subprocess.run(["sh", "scripts/nanshan_amap_csv.sh", csv], capture_output=True, text=True,
                       env=dict(os.environ, LIFECIRCLE=BIN, SHARED=SHARED))
    if r.returncode != 0:
        fail(f"nanshan_amap_csv.sh failed: {r.stderr.strip()}")
        return
    n = os.path.join(SHARED, "shenzhen_nanshan", "nanshan_walk.gpkg")
    edges, nodes = layer(n, "edges", "edges"), layer(n, "nodes", "nodes")
    res, layers, _ = run_alg("lifecircle:coverage", {
        "NETWORK": edges, "RESIDENTS": nodes, "FACILITIES_FILE": csv, "FACILITIES_CRS": 1, "PRESET": 1,
        "CSV": False, "REPORT": False}, "amap")
    s, counts = cli("amap", ["coverage", "--network", n, "--network-layer", "edges", "--residents", n, "--residents-layer", "nodes",
                             "--facilities", csv, "--facilities-crs", "gcj02", "--preset", "gb50180"])
    same_counts("amap coverage", layers, counts, "coverage_")
    same_numbers("amap coverage", summary_of(res, "coverage"), s, ["tiers[1].mean_category_share", "tiers[2].mean_category_share"])


def check_run_study():
    study = os.path.abspath("examples/huilongguan/access-site.yaml")
    res, layers, group = run_alg("lifecircle:run", {"STUDY": study, "LANG": 2}, "run")
    out = os.path.join(WORK, "cli-run")
    r = subprocess.run([BIN, "run", study, "--out", out, "--lang", "en", "--quiet"], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"CLI run failed: {r.stderr.strip()}")
        return
    counts = table_counts(os.path.join(out, "study.gpkg"))
    same_counts("run study", layers, counts, "")
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        s = json.load(f)
    with open(res["SUMMARY"], encoding="utf-8") as f:
        p = json.load(f)
    same_numbers("run study", p, s, ["site.exact_value"])
    want = {"access", "site"}
    if group is not None and len([g for g in group.children() if isinstance(g, QgsLayerTreeGroup)]) != len(want):
        fail(f"run study: groups {[g.name() for g in group.children()]}, expected one per analysis {sorted(want)}")


def check_cancel():
    """A coverage on Wuhan's 92,667 streets with a resident at each street's
    start, with service areas and gaps, cancelled as its coverage stage starts.
    That stage takes 5 s here without them (2 cores, load 18), and the GEOS
    unions of a whole city's service areas add more: SIGINT lands mid-stage."""
    streets = layer(os.path.join(SHARED, "wuhan", "wuhan_streets.gpkg"), "wuhan", "streets")
    homes = QgsVectorLayer(f"Point?crs={streets.crs().authid()}", "homes", "memory")
    feats = []
    for f in streets.getFeatures(QgsFeatureRequest().setNoAttributes()):
        g = QgsFeature(homes.fields())
        g.setGeometry(QgsGeometry(f.geometry().vertexAt(0).clone()))
        feats.append(g)
    homes.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(homes)
    shops = QgsVectorLayer(f"Point?crs={streets.crs().authid()}", "shops", "memory")
    shops.dataProvider().addFeatures(feats[::300])
    QgsProject.instance().addMapLayer(shops)
    out = os.path.join(WORK, "plugin-cancel")
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "lifecircle-qgis-*")))
    work_before = sorted(os.listdir(WORK))
    fb = Feedback(cancel_at="coverage")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    t = time.time()
    try:
        processing.run("lifecircle:coverage", {"NETWORK_FILE": os.path.join(SHARED, "wuhan", "wuhan_streets.gpkg"), "RESIDENTS": homes,
                                               "FACILITIES": shops, "CATEGORY_NAME": "shop", "SERVICE_AREAS": True, "GAPS": True,
                                               "CSV": False, "REPORT": False, "OUTPUT": out},
                       context=context, feedback=fb)
        fail("cancel: the run was not cancelled")
    except QgsProcessingException as e:
        if "cancelled" not in str(e):
            fail(f"cancel: wrong error: {e}")
    if fb.cancelled_at is None:
        fail("cancel: the run ended before it was cancelled")
        return
    if not any("SIGINT sent" in l for l in fb.log) or any(l.startswith("✓ coverage ") for l in fb.log):
        fail("cancel: no SIGINT was sent while the coverage ran (it had ended)")
    stopped = time.time() - fb.cancelled_at
    left = [p for p in (out,) if os.path.exists(p) and os.listdir(p)]
    # The run stages into .plugin-cancel.partial beside its folder: the work folder must be as before.
    staging = sorted(set(os.listdir(WORK)) - set(work_before))
    exported = set(glob.glob(os.path.join(tempfile.gettempdir(), "lifecircle-qgis-*"))) - before
    if left or staging or exported:
        fail(f"cancel: left behind {left + staging + sorted(exported)}")
    elif stopped > 60:
        fail(f"cancel: lifecircle took {stopped:.0f} s to stop after SIGINT")
    else:
        ok(f"cancel: SIGINT as the coverage stage started ({time.time() - t:.1f} s in); stopped {stopped:.1f} s later; "
           "no output folder, no staging folder, no exported inputs left")
    if context.layersToLoadOnCompletion():
        fail("cancel: a cancelled run queued layers to load")


def check_error():
    """The engine's one-line message comes back as the algorithm's error: the
    same message as the CLI's for the same mistake on the same GeoPackage."""
    hlg = layer(HLG, "hlg-error")
    gpkg = os.path.join(WORK, "error-units.gpkg")
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName, opts.layerName = "GPKG", "units"
    QgsVectorFileWriter.writeAsVectorFormatV3(hlg, gpkg, QgsProject.instance().transformContext(), opts)
    r = subprocess.run([BIN, "grids", "partition", "--units", gpkg, "--units-filter", "nosuch = 4", "--weight", "type", "--grids", "5",
                        "--crs", "local", "--out", os.path.join(WORK, "error.gpkg")], capture_output=True, text=True)
    want = r.stderr.strip().splitlines()[-1].removeprefix("Error: ")
    try:
        # A filter naming no field: refused by the engine (the dialog cannot know).
        processing.run("lifecircle:grids", {"UNITS": hlg, "UNITS_FILTER": "nosuch = 4", "WEIGHT": "type", "GRIDS": 5, "WORKING_CRS": 1,
                                            "CSV": False, "REPORT": False, "OUTPUT": os.path.join(WORK, "plugin-error")}, feedback=Feedback())
        fail("error: a filter on a missing field was accepted")
    except QgsProcessingException as e:
        msg = str(e).strip()
        # Only the GeoPackage's path differs (the plugin's export, the CLI's copy).
        # The fix clause names the option as each front end spells it: the
        # CLI's flag (--units-filter), the study file's key (filter:).
        def problem(m):
            return m.split(".gpkg", 1)[-1].rsplit(": correct ", 1)[0]

        # The generated study file is the plugin's, not the user's: its line number must not show.
        if "\n" in msg or r.returncode == 0 or problem(msg) != problem(want) or "study.yaml" in msg:
            fail(f"error: not the engine's one-line message: {msg!r}; the CLI says {want!r}")
        else:
            ok(f"error: the engine's message came back, as the CLI prints it: {msg}")


def check_model(hexes):
    """The algorithms work as steps of a graphical model (here built in code)."""
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterVectorLayer,
    )

    m = QgsProcessingModelAlgorithm("grids_model", "lifecircle")
    m.addModelParameter(QgsProcessingParameterVectorLayer("units", "units"), QgsProcessingModelParameter("units"))
    child = QgsProcessingModelChildAlgorithm("lifecircle:grids")
    child.setChildId("grids")
    child.addParameterSources("UNITS", [QgsProcessingModelChildParameterSource.fromModelParameter("units")])
    for k, v in {"WEIGHT": "population", "GRIDS": 4, "TIME_LIMIT": 600, "CSV": False, "REPORT": False}.items():
        child.addParameterSources(k, [QgsProcessingModelChildParameterSource.fromStaticValue(v)])
    out = QgsProcessingModelOutput("folder")
    out.setChildId("grids")
    out.setChildOutputName("OUTPUT")
    child.setModelOutputs({"folder": out})
    m.addChildAlgorithm(child)
    m.updateDestinationParameters()
    folder = os.path.join(WORK, "plugin-model")
    r = processing.run(m, {"units": hexes, "grids:folder": folder}, feedback=Feedback())
    s, _ = cli("model", ["grids", "partition", "--units", HEX, "--weight", "population", "--grids", "4", "--time-limit", "600"])
    same_numbers("model", summary_of(r["CHILD_RESULTS"]["grids"], "grids"), s, ["grid_count", "max_abs_deviation", "cut_edges"])


def main():
    print(f"check_qgis_plugin: QGIS {Qgis.QGIS_VERSION}, lifecircle {subprocess.run([BIN, '--version'], capture_output=True, text=True).stdout.strip()}", flush=True)
    check_provider()
    hexes = layer(HEX, "spo")
    checks = {"coverage": lambda: check_coverage(hexes), "access": lambda: check_access(hexes), "site": lambda: check_site(hexes),
              "grids": lambda: check_grids(hexes), "parks": check_parks, "amap": check_amap, "run": check_run_study,
              "model": lambda: check_model(hexes), "cancel": check_cancel, "error": check_error}
    only = [c for c in os.environ.get("ONLY", "").split(",") if c]
    for name, check in checks.items():
        if only and name not in only:
            continue
        try:
            check()
        except Exception as e:  # one broken check must not hide the others
            import traceback

            traceback.print_exc()
            fail(f"{name}: {e}")
    app.exitQgis()
    if problems:
        print(f"check_qgis_plugin: FAIL: {len(problems)} problems")
        return 1
    print("check_qgis_plugin: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
