"""LifeCircle for QGIS: a Processing provider that runs the `lifecircle` engine."""


def classFactory(iface):
    from .plugin import LifeCirclePlugin

    return LifeCirclePlugin(iface)
