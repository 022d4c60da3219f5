"""Loads a study folder's layers back into the project, styled and grouped.

The run writes study.qgs beside study.gpkg: its layer tree says which
layer goes in which group, in which order, under which (localised) name,
and study.gpkg's layer_styles holds each layer's default style. The same
tree is rebuilt here under one group per run, so what a planner sees after
a Processing run is what opening study.qgs shows.
"""
import os
import uuid
import xml.etree.ElementTree as ET

from qgis.core import (
    QgsLayerTreeGroup,
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsProject,
)

# Post-processors must outlive the algorithm (QGIS keeps only a pointer).
_KEEP = []


def project_tree(folder):
    """[(group name, [(layer table, layer name), …]), …] from study.qgs, in its order."""
    path = os.path.join(folder, "study.qgs")
    tree = ET.parse(path).getroot().find("layer-tree-group")
    out = []

    def walk(node, group):
        for child in node:
            if child.tag == "layer-tree-group":
                walk(child, child.get("name"))
            elif child.tag == "layer-tree-layer":
                src = child.get("source", "")
                table = src.split("layername=")[-1] if "layername=" in src else child.get("id")
                if not out or out[-1][0] != group:
                    out.append((group, []))
                out[-1][1].append((table, child.get("name")))

    walk(tree, None)
    return out


class _Placer(QgsProcessingLayerPostProcessorInterface):
    """Applies the layer's default style and moves it into its group at its place."""

    def __init__(self, top, run, group, group_index, index):
        super().__init__()
        self.top, self.run, self.group, self.group_index, self.index = top, run, group, group_index, index

    def postProcessLayer(self, layer, context, feedback):
        layer.loadDefaultStyle()
        project = context.project() or QgsProject.instance()
        root = project.layerTreeRoot()
        # One top group per run, found by the run's token: two runs never share one.
        top = next((g for g in root.children() if isinstance(g, QgsLayerTreeGroup) and g.customProperty("lifecircle_run") == self.run), None)
        if top is None:
            top = root.insertGroup(0, self.top)
            top.setCustomProperty("lifecircle_run", self.run)
        parent = top
        if self.group:
            parent = next((g for g in top.children() if isinstance(g, QgsLayerTreeGroup) and g.name() == self.group), None)
            if parent is None:
                parent = top.insertGroup(_position(top, self.group_index), self.group)
                parent.setCustomProperty("lifecircle_index", self.group_index)
        node = root.findLayer(layer.id())
        new = parent.insertLayer(_position(parent, self.index), layer)
        new.setCustomProperty("lifecircle_index", self.index)
        if node is not None and node.parent() is not None:
            node.parent().removeChildNode(node)


def _index(node):
    try:
        return int(node.customProperty("lifecircle_index", -1))
    except (TypeError, ValueError):
        return -1


def _position(parent, index):
    """Where a node of draw-order INDEX goes among PARENT's children (QGIS hands
    layers over in id order, not the project's order)."""
    return sum(1 for c in parent.children() if 0 <= _index(c) < index)


def queue_outputs(folder, top_name, context, feedback=None):
    """Queues every layer of FOLDER/study.qgs for loading when the algorithm ends.
    Returns the layer URIs."""
    uris = []
    gpkg = os.path.join(folder, "study.gpkg")
    run = uuid.uuid4().hex
    index = 0
    for group_index, (group, layers) in enumerate(project_tree(folder)):
        for table, name in layers:
            uri = f"{gpkg}|layername={table}"
            details = QgsProcessingContext.LayerDetails(name or table, context.project() or QgsProject.instance(), name or table)
            placer = _Placer(top_name, run, group, group_index, index)
            _KEEP.append(placer)
            details.setPostProcessor(placer)
            context.addLayerToLoadOnCompletion(uri, details)
            uris.append(uri)
            index += 1
    if feedback is not None:
        feedback.pushInfo(f"{len(uris)} layers will be loaded into group '{top_name}'")
    return uris
