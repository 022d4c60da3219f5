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

    def load(self):
        # The binary's path, shown under Settings → Options → Processing → Providers.
        try:
            from processing.core.ProcessingConfig import ProcessingConfig, Setting
        except ImportError:  # Processing plugin absent: PATH and LIFECIRCLE_BIN still work
            return super().load()
        ProcessingConfig.settingIcons[self.name()] = self.icon()
        ProcessingConfig.addSetting(
            Setting(self.name(), "LIFECIRCLE_BINARY", tr("binary"), "", valuetype=Setting.FILE)
        )
        ProcessingConfig.readSettings()
        self.refreshAlgorithms()
        return True

    def unload(self):
        try:
            from processing.core.ProcessingConfig import ProcessingConfig

            ProcessingConfig.settings.pop("LIFECIRCLE_BINARY", None)
        except ImportError:
            pass

    def loadAlgorithms(self):
        for cls in ALGORITHMS:
            self.addAlgorithm(cls())
