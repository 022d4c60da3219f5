"""The "LifeCircle" Processing provider: one algorithm per analysis."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms import ALGORITHMS
from .i18n import tr


class LifeCircleProvider(QgsProcessingProvider):
    def id(self):
        return "lifecircle"

    def name(self):
        return tr("provider")

    def longName(self):
        return tr("provider") + " — 15-minute community life circles (GB 50180-2018)"

    def icon(self):
        return QIcon(os.path.join(os.path.dirname(__file__), "icon.svg"))

    def loadAlgorithms(self):
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
