"""Layers → a temporary GeoPackage the engine reads.

Every vector input (file, memory or in-project layer, or only its selected
features when the dialog's "Selected features only" is ticked) is written
to its own GeoPackage in a temporary folder with QgsVectorFileWriter, so
the engine sees exactly what QGIS shows, edits included. The folder is
removed when the algorithm ends, successful or not.
"""
import os
import re
import shutil
import tempfile

from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsProcessingException,
    QgsVectorFileWriter,
    QgsWkbTypes,
)


class ExportFolder:
    """A temporary folder for exported inputs (a context manager)."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="lifecircle-qgis-")
        self.names = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False

    def export(self, source, name, feedback=None, context=None):
        """Writes a QgsFeatureSource to NAME.gpkg (layer NAME); returns the path."""
        name = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if name in self.names:
            raise QgsProcessingException(f"input '{name}' exported twice")
        self.names.add(name)
        path = os.path.join(self.path, name + ".gpkg")
        opts = QgsVectorFileWriter.SaveVectorOptions()
        opts.driverName = "GPKG"
        opts.layerName = name
        opts.fileEncoding = "UTF-8"
        tc = context.transformContext() if context is not None else QgsCoordinateTransformContext()
        features = []
        for f in source.getFeatures(QgsFeatureRequest()):
            if feedback is not None and feedback.isCanceled():
                raise QgsProcessingException("cancelled while exporting " + name)
            features.append(QgsFeature(f))
        writer = QgsVectorFileWriter.create(path, source.fields(), self.geometry_type(source, features), source.sourceCrs(), tc, opts)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise QgsProcessingException(f"cannot write {path}: {writer.errorMessage()}")
        for f in features:
            if not writer.addFeature(f):
                raise QgsProcessingException(f"cannot write feature {f.id()} of {name}: {writer.errorMessage()}")
        n = len(features)
        del writer
        if feedback is not None:
            feedback.pushInfo(f"exported {n} features of {name} to {path}")
        return path, n

    @staticmethod
    def geometry_type(source, features):
        """The layer's type, or GEOMETRY when its features mix types (a GeoJSON
        plan with points, lines and polygons): the engine filters them itself."""
        kinds = {QgsWkbTypes.flatType(f.geometry().wkbType()) for f in features if f.hasGeometry()}
        families = {QgsWkbTypes.geometryType(k) for k in kinds}
        if len(families) > 1:
            return QgsWkbTypes.Unknown
        if len(kinds) > 1:
            return QgsWkbTypes.multiType(source.wkbType())
        return source.wkbType()
