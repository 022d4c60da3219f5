#!/usr/bin/python3
"""Renders the plugin's Coverage dialog headless (QT_QPA_PLATFORM=offscreen)
to a PNG for the README: the real Processing AlgorithmDialog, with São Paulo
layers loaded so its layer and field pickers show values.

Usage: QT_QPA_PLATFORM=offscreen LIFECIRCLE_QGIS_LANG=zh /usr/bin/python3 scripts/qgis_dialog_screenshot.py OUT.png [ALGORITHM]
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, "/usr/share/qgis/python/plugins")
sys.path.insert(0, os.path.join(here, "..", "qgis"))

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer  # noqa: E402
from qgis.PyQt.QtCore import Qt  # noqa: E402
from qgis.PyQt.QtGui import QImage  # noqa: E402

app = QgsApplication([], True)
QgsApplication.setPrefixPath("/usr", True)
app.initQgis()
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
from processing.gui.AlgorithmDialog import AlgorithmDialog  # noqa: E402

import lifecircle_qgis  # noqa: E402

plugin = lifecircle_qgis.classFactory(None)
plugin.initProcessing()
shared = os.path.join(here, "..", "..", "shared", "geodata", "sao_paulo")
values = {}
if os.path.isdir(shared):
    hexes = QgsVectorLayer(os.path.join(shared, "spo_hexgrid_EPSG32723.gpkg"), "spo_hexgrid_EPSG32723", "ogr")
    QgsProject.instance().addMapLayer(hexes)
    # The README's São Paulo example, filled in as a planner would.
    values = {"NETWORK_FILE": os.path.abspath(os.path.join(shared, "spo_osm.pbf")), "RESIDENTS": hexes.id(), "WEIGHT": "population",
              "RESIDENT_POINT": 1, "RESIDENTS_FILTER": "", "FACILITIES": hexes.id(), "FACILITIES_FILTER": "schools > 0"}
alg = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:" + (sys.argv[2] if len(sys.argv) > 2 else "coverage"))
dlg = AlgorithmDialog(alg, False, None)
dlg.resize(940, 720)
if values:
    try:
        dlg.mainWidget().setParameters(values)
    except AttributeError:  # older Processing: the dialog keeps its defaults
        pass
dlg.show()
for _ in range(20):
    app.processEvents()
# 256 colours: a dialog has few, and the README's image stays small.
img = dlg.grab().toImage().convertToFormat(QImage.Format_Indexed8, Qt.ThresholdDither | Qt.AvoidDither)
if not img.save(sys.argv[1]):
    sys.exit(f"cannot write {sys.argv[1]}")
print(f"wrote {sys.argv[1]} ({img.width()}x{img.height()})")
dlg.close()
