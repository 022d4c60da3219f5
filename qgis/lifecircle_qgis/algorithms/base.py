"""What every LifeCircle algorithm shares: parameters declared once as
specs (so the dialog, the study section and the labels agree), inputs
exported to a temporary GeoPackage, a study file with one analysis section
whose keys are the command's flags in snake_case, `lifecircle run`, and the
run folder's layers loaded back styled and grouped.

A study run rather than the bare subcommand because the run writes the
styles (layer_styles) and the project tree (study.qgs) the layers are
loaded with; the section is decoded into the same job as the command, so
the numbers are the command's (scripts/check_qgis_plugin.py checks it).
"""
import json
import os
import re

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtGui import QIcon

from .. import engine, loader
from ..export import ExportFolder
from ..i18n import language, pick, tr

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icon.svg")
POINT, LINE, POLYGON, ANY = (
    QgsProcessing.TypeVectorPoint,
    QgsProcessing.TypeVectorLine,
    QgsProcessing.TypeVectorPolygon,
    QgsProcessing.TypeVectorAnyGeometry,
)


class Spec:
    """One dialog parameter and the study key it fills (key None: handled by the algorithm)."""

    def __init__(self, kind, name, key=None, label=None, **kw):
        self.kind, self.name, self.key, self.label, self.kw = kind, name, key, label or (key or name.lower()), kw
        self.optional = kw.get("optional", False)
        self.default = kw.get("default")

    def parameter(self):
        label, kw = tr(self.label), self.kw
        if self.kind == "layer":
            p = QgsProcessingParameterFeatureSource(self.name, label, kw.get("types", [ANY]), optional=self.optional)
        elif self.kind == "file":
            p = QgsProcessingParameterFile(self.name, label, QgsProcessingParameterFile.File, "", None, self.optional, kw.get("filter", ""))
        elif self.kind == "field":
            ftype = QgsProcessingParameterField.Numeric if kw.get("numeric") else QgsProcessingParameterField.Any
            p = QgsProcessingParameterField(self.name, label, None, kw["parent"], ftype, False, self.optional)
        elif self.kind == "enum":
            labels = [tr(v[1]) for v in kw["values"]]
            default = (0 if language() == "zh" else 1) if kw.get("default_lang") else kw.get("default", 0)
            p = QgsProcessingParameterEnum(self.name, label, labels, False, default, self.optional)
        elif self.kind == "number":
            t = QgsProcessingParameterNumber.Integer if kw.get("integer") else QgsProcessingParameterNumber.Double
            p = QgsProcessingParameterNumber(self.name, label, t, self.default, self.optional, kw.get("min", -1e12), kw.get("max", 1e12))
        elif self.kind == "bool":
            p = QgsProcessingParameterBoolean(self.name, label, bool(self.default), self.optional)
        elif self.kind == "string":
            p = QgsProcessingParameterString(self.name, label, self.default, False, self.optional)
        elif self.kind == "crs":
            p = QgsProcessingParameterCrs(self.name, label, None, True)
        else:
            raise ValueError(self.kind)
        if kw.get("advanced"):
            p.setFlags(p.flags() | p.FlagAdvanced)
        return p


WORKING_CRS = [
    Spec("enum", "WORKING_CRS", None, "working_crs", values=[(None, "auto"), ("local", "local"), ("utm", "utm"), ("cgcs2000-gk", "cgcs2000-gk"), ("crs", "from_crs")]),
    Spec("crs", "CRS", None, "crs", optional=True),
]
STUDY_OUTPUTS = [
    Spec("enum", "LANG", None, "lang", values=[("zh", "zh"), ("en", "en")], default_lang=True, advanced=True),
    Spec("bool", "CSV", None, "csv", default=True, advanced=True),
    Spec("bool", "REPORT", None, "report", default=True, advanced=True),
]


class LifeCircleAlgorithm(QgsProcessingAlgorithm):
    SECTION = ""  # the study section (coverage, access, site, grids, parks)
    SPECS = []
    HELP = ("", "")
    EXPECTED_STAGES = 4

    def createInstance(self):
        return type(self)()

    def name(self):
        return self.SECTION

    def displayName(self):
        return tr("alg_" + self.SECTION)

    def group(self):
        return tr("group_analysis")

    def groupId(self):
        return "analysis"

    def icon(self):
        return QIcon(ICON)

    def shortHelpString(self):
        return pick(*self.HELP)

    def specs(self):
        return self.SPECS + WORKING_CRS + STUDY_OUTPUTS

    def initAlgorithm(self, config=None):
        for s in self.specs():
            self.addParameter(s.parameter())
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("output")))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", "study.gpkg"))
        self.addOutput(QgsProcessingOutputFile("SUMMARY", "summary.json"))
        self.addOutput(QgsProcessingOutputNumber("LAYERS", "layers"))

    # --- the study section ---------------------------------------------------

    def section(self, parameters, context, feedback, export, inputs):
        """The analysis section from the dialog's values; exported layers go to INPUTS."""
        values = {}
        local = self.working_crs(parameters, context) == "local"
        for s in self.SPECS:
            if s.key is None:
                continue
            v = self.value(s, parameters, context, feedback, export, inputs, local)
            if v is not None and s.key in values:
                # A layer and a file for one input (network, facilities): say which wins rather than guess.
                raise QgsProcessingException(f"{tr(s.label)}: give either a layer or a file for '{s.key}', not both")
            if v is not None:
                values[s.key] = v
        crs = self.working_crs(parameters, context)
        if crs:
            values["crs"] = crs
        # A filter on an exported layer goes on its input, where the study
        # applies it while reading, and a bad one is reported as such.
        for k in [k for k in values if k.endswith("_filter")]:
            name = values.get(k[: -len("_filter")])
            if name in inputs:
                inputs[name]["filter"] = values.pop(k)
        self.adjust(values, parameters, context)
        return values

    def adjust(self, values, parameters, context):
        """Per-algorithm fix-ups (keys that apply only to one mode)."""

    def working_crs(self, parameters, context):
        i = self.parameterAsEnum(parameters, "WORKING_CRS", context)
        choice = [v for v, _ in WORKING_CRS[0].kw["values"]][i]
        if choice == "crs":
            crs = self.parameterAsCrs(parameters, "CRS", context)
            if not crs.isValid():
                raise QgsProcessingException("choose a CRS, or another working CRS")
            return crs.authid() or crs.toWkt()
        return choice

    def value(self, s, parameters, context, feedback, export, inputs, local):
        if s.kind == "layer":
            if parameters.get(s.name) is None:
                return None
            source = self.parameterAsSource(parameters, s.name, context)
            if source is None:
                if s.optional:
                    return None
                raise QgsProcessingException(f"{tr(s.label)}: no layer")
            name = s.key
            path, n = export.export(source, name, feedback, context)
            spec = {"path": path, "layer": name}
            if local:
                # A plan in local metres: QGIS may have given it a CRS (GeoJSON means WGS 84) the engine must not believe.
                spec["crs"] = "local"
            inputs[name] = spec
            return name
        if s.kind == "file":
            p = self.parameterAsFile(parameters, s.name, context)
            return os.path.abspath(p) if p else None
        if s.kind == "field":
            f = self.parameterAsString(parameters, s.name, context)
            return f or None
        if s.kind == "enum":
            if parameters.get(s.name) is None and s.optional:
                return None
            return s.kw["values"][self.parameterAsEnum(parameters, s.name, context)][0]
        if s.kind == "number":
            if parameters.get(s.name) is None:
                return None
            v = self.parameterAsInt(parameters, s.name, context) if s.kw.get("integer") else self.parameterAsDouble(parameters, s.name, context)
            return None if (s.kw.get("omit_default") and v == s.default) else v
        if s.kind == "bool":
            v = self.parameterAsBool(parameters, s.name, context)
            return v if v != bool(s.default) else None
        if s.kind == "string":
            v = (self.parameterAsString(parameters, s.name, context) or "").strip()
            return v or None
        return None

    # --- running -------------------------------------------------------------

    def study(self, parameters, context, feedback, export):
        inputs = {}
        section = self.section(parameters, context, feedback, export, inputs)
        lang = [v for v, _ in STUDY_OUTPUTS[0].kw["values"]][self.parameterAsEnum(parameters, "LANG", context)]
        return {
            "study": {"name": f"LifeCircle {self.SECTION} (QGIS)", "lang": lang},
            "inputs": inputs,
            self.SECTION: section,
            "outputs": {
                "csv": self.parameterAsBool(parameters, "CSV", context),
                "report": self.parameterAsBool(parameters, "REPORT", context),
            },
        }

    def processAlgorithm(self, parameters, context, feedback):
        out = self.parameterAsString(parameters, "OUTPUT", context)
        with ExportFolder() as export:
            study = self.study(parameters, context, feedback, export)
            path = os.path.join(export.path, "study.yaml")
            # JSON is YAML: no writer needed, and the keys are written exactly.
            with open(path, "w", encoding="utf-8") as f:
                json.dump(study, f, ensure_ascii=False, indent=2)
            feedback.pushInfo("study file:\n" + json.dumps(study, ensure_ascii=False, indent=2))
            try:
                return self.run_study(path, out, context, feedback)
            except QgsProcessingException as e:
                raise QgsProcessingException(_dialog_message(str(e), export.path))

    def run_study(self, path, out, context, feedback, extra=()):
        engine.run(["run", path, "--out", out] + list(extra), feedback, self.EXPECTED_STAGES)
        base = os.path.basename(os.path.normpath(out))
        # A temporary output folder is called OUTPUT: the algorithm's name says more.
        top = f"LifeCircle {self.displayName()}" + ("" if base == "OUTPUT" else f" — {base}")
        uris = loader.queue_outputs(out, top, context, feedback)
        return {
            "OUTPUT": out,
            "GEOPACKAGE": os.path.join(out, "study.gpkg"),
            "SUMMARY": os.path.join(out, "summary.json"),
            "LAYERS": len(uris),
        }


def _dialog_message(message, export_dir):
    """The engine's line as the dialog's user reads it: the study file is the
    plugin's own (its "study.yaml:7:" points at nothing they wrote), and the
    exported copies are gone when the message is read, so they are named as such."""
    study = os.path.join(export_dir, "study.yaml")
    message = re.sub(re.escape(study) + r"(:\d+)?: ", "", message)
    return message.replace(export_dir + os.sep, "(exported layer) ")
