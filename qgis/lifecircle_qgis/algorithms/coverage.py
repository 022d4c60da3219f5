from .base import LINE, POINT, POLYGON, LifeCircleAlgorithm, Spec

NETWORK = [
    Spec("layer", "NETWORK", "network", types=[LINE], optional=True),
    Spec("file", "NETWORK_FILE", "network", "network_file", optional=True, filter="OSM (*.pbf *.osm);;All files (*)"),
]
RESIDENTS = [
    Spec("layer", "RESIDENTS", "residents", types=[POINT, POLYGON]),
    Spec("string", "RESIDENTS_FILTER", "residents_filter", optional=True),
    Spec("field", "WEIGHT", "weight", parent="RESIDENTS", numeric=True, optional=True),
    Spec("enum", "RESIDENT_POINT", "resident_point", values=[("surface", "surface"), ("centroid", "centroid")]),
]
FACILITIES = [
    Spec("layer", "FACILITIES", "facilities", types=[POINT, POLYGON], optional=True),
    Spec("file", "FACILITIES_FILE", "facilities", "facilities_file", optional=True, filter="Tables (*.csv *.xlsx *.txt);;All files (*)"),
    Spec("string", "FACILITIES_FILTER", "facilities_filter", optional=True),
    Spec("enum", "FACILITIES_CRS", "facilities_crs", values=[(None, "layer_crs"), ("gcj02", "gcj02"), ("bd09", "bd09")]),
    Spec("field", "CATEGORY", "category", parent="FACILITIES", optional=True),
    Spec("string", "CATEGORY_NAME", "category_name", optional=True),
    Spec("string", "CATEGORY_MAP", "category_map", optional=True, advanced=True),
    Spec("enum", "PRESET", "preset", values=[(None, "none"), ("gb50180", "gb50180")]),
]
DISTANCE = [
    Spec("enum", "METRIC", "metric", values=[("network", "network_metric"), ("euclidean", "euclidean")]),
    Spec("number", "MAX_SNAP", "max_snap", default=100.0, min=0, max=10000, omit_default=True),
]


class CoverageAlgorithm(LifeCircleAlgorithm):
    SECTION = "coverage"
    SPECS = NETWORK + RESIDENTS + FACILITIES + [Spec("string", "TIERS", "tiers", optional=True)] + DISTANCE + [
        Spec("bool", "SERVICE_AREAS", "service_areas", default=False),
        Spec("bool", "GAPS", "gaps", default=False),
    ]
    HELP = (
        "Walking distance from every resident to the nearest facility of each category, along the street network "
        "(or straight), and who is covered at each life-circle tier (GB 50180-2018: 300 / 500 / 1000 m = 5 / 10 / 15 "
        "minutes). Give the network as a line layer or an OSM .pbf file, the facilities as a layer or an Amap/Baidu "
        "CSV/XLSX export (set its CRS to GCJ-02 or BD-09), and a category field, one category name, or the gb50180 "
        "preset. Runs `lifecircle coverage`'s job; layers: residents (d_<category>, all_<tier>, share_<tier>), "
        "facilities, service areas and gaps, styled and grouped.\n\n"
        "Example (São Paulo): network file spo_osm.pbf; residents spo_hexgrid_EPSG32723, weight population, "
        "centroid; facilities the same layer, filter \"schools > 0\", category name school; tiers 300,500,1000.",
        "沿步行路网（或直线）计算每位居民到各类设施的最近距离，并统计各生活圈层级（GB 50180-2018："
        "300/500/1000 米，即 5/10/15 分钟）的覆盖人口。路网可为线图层或 OSM .pbf 文件；设施可为图层或"
        "高德/百度 CSV/XLSX 导出表（坐标系选 GCJ-02 或 BD-09）；类别可用字段、单一类别名或 gb50180 预设。"
        "与 `lifecircle coverage` 同一计算；输出图层（居民、设施、服务范围、空白区）自动加载并套用样式、分组。\n\n"
        "示例（圣保罗）：路网文件 spo_osm.pbf；居民 spo_hexgrid_EPSG32723，权重 population，质心；"
        "设施为同一图层，筛选 \"schools > 0\"，类别名 school；层级 300,500,1000。",
    )
