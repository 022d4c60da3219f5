import os

from qgis.core import QgsProcessingParameterEnum, QgsProcessingParameterFile, QgsProcessingParameterFolderDestination

from ..i18n import tr
from .base import LifeCircleAlgorithm, QgsProcessingOutputFile, QgsProcessingOutputNumber


class RunStudyAlgorithm(LifeCircleAlgorithm):
    SECTION = "run"
    LANGS = [None, "zh", "en"]
    HELP = (
        "Runs a study file (YAML) with `lifecircle run`: its inputs and analyses as written (coverage, access, site, "
        "grids, parks), into one folder with study.gpkg, study.qgs, tables and the HTML report. The folder's layers "
        "are loaded in the study project's groups and styles.\n\n"
        "Example: examples/huilongguan/study.yaml (the Huilongguan community plan: coverage, grids and parks).",
        "用 `lifecircle run` 运行研究文件（YAML）：按文件中的输入与分析（覆盖、可达性、选址、网格、口袋公园）"
        "输出到一个文件夹（study.gpkg、study.qgs、表格与 HTML 报告），并按研究项目的分组与样式加载图层。\n\n"
        "示例：examples/huilongguan/study.yaml（回龙观社区规划：生活圈覆盖、管理网格与口袋公园）。",
    )
    EXPECTED_STAGES = 6

    def group(self):
        return tr("group_study")

    def groupId(self):
        return "study"

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterFile("STUDY", tr("study_file"), QgsProcessingParameterFile.File, "", None, False, "YAML (*.yaml *.yml)"))
        self.addParameter(QgsProcessingParameterEnum("LANG", tr("lang"), [tr("study_lang"), tr("zh"), tr("en")], False, 0))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT", tr("output")))
        self.addOutput(QgsProcessingOutputFile("GEOPACKAGE", "study.gpkg"))
        self.addOutput(QgsProcessingOutputFile("SUMMARY", "summary.json"))
        self.addOutput(QgsProcessingOutputNumber("LAYERS", "layers"))

    def processAlgorithm(self, parameters, context, feedback):
        study = os.path.abspath(self.parameterAsFile(parameters, "STUDY", context))
        out = self.parameterAsString(parameters, "OUTPUT", context)
        lang = self.LANGS[self.parameterAsEnum(parameters, "LANG", context)]
        return self.run_study(study, out, context, feedback, ["--lang", lang] if lang else [])
