from .base import POINT, POLYGON, LifeCircleAlgorithm, Spec
from .coverage import NETWORK


class ParksAlgorithm(LifeCircleAlgorithm):
    SECTION = "parks"
    SPECS = [
        Spec("layer", "RESIDENTS", "residents", types=[POINT, POLYGON]),
        Spec("string", "RESIDENTS_FILTER", "residents_filter", optional=True),
        Spec("field", "WEIGHT", "weight", parent="RESIDENTS", numeric=True, optional=True),
        Spec("bool", "WEIGHT_AREA", "weight_area", default=False),
        Spec("layer", "RESIDENTIAL", "residential", types=[POLYGON], optional=True),
        Spec("string", "RESIDENTIAL_FILTER", "residential_filter", optional=True),
        Spec("layer", "GREEN", "green", types=[POLYGON]),
        Spec("string", "GREEN_FILTER", "green_filter", optional=True),
        Spec("string", "GREEN_RULES", "green_rules", default="2000:300,10000:500"),
        Spec("layer", "CANDIDATES", "candidates", types=[POLYGON], optional=True),
        Spec("string", "CANDIDATES_FILTER", "candidates_filter", optional=True),
        Spec("number", "SAMPLE_SPACING", "sample_spacing", default=None, min=1, max=1000, optional=True),
    ] + NETWORK + [
        Spec("enum", "METRIC", "metric", values=[(None, "auto"), ("network", "network_metric"), ("euclidean", "euclidean")]),
        Spec("number", "RADIUS", "radius", default=300.0, min=1, max=10000, omit_default=True),
        Spec("number", "COUNT", "count", default=3, integer=True, min=1, max=10000),
        Spec("enum", "METHOD", "method", "parks_method", values=[("exact", "exact"), ("greedy", "greedy")]),
        Spec("number", "TIME_LIMIT", "time_limit", default=60.0, min=1, max=86400, omit_default=True, advanced=True),
    ]
    HELP = (
        "Pocket-park siting (口袋公园): residents already within the service radius of existing green space "
        "(rules per size, MIN_AREA_M2:RADIUS_M) are served; of the candidate plots (e.g. vacant parcels), the sites "
        "that newly serve the most residents are chosen by lazy greedy and exactly (GLPK). The summary gives both, "
        "the gap, and the park service-radius coverage rate (公园绿地服务半径覆盖率) before and after.\n\n"
        "Example (Huilongguan, local metres): residents and residential land hlg (filter \"type = 4\"), weigh by "
        "area, green hlg (\"type IN (7, 8)\"), rules 2000:300, candidates hlg (\"type = 1 AND existence = 0\"), "
        "sample every 20 m, straight line, radius 300 m, 3 sites, working CRS local metres.",
        "口袋公园选址：已在现有绿地服务半径内（按面积分级的规则，最小面积:半径）的居民视为已服务；"
        "在候选地块（如空置地块）中以惰性贪心与精确整数规划（GLPK）选出新增服务人口最多的地块。"
        "摘要给出两种解、差距，以及前后的公园绿地服务半径覆盖率。\n\n"
        "示例（回龙观，本地米制坐标）：居民与居住用地 hlg（筛选 \"type = 4\"），按面积加权；绿地 hlg"
        "（\"type IN (7, 8)\"），规则 2000:300；候选 hlg（\"type = 1 AND existence = 0\"）；采样间距 20 米；"
        "直线距离，半径 300 米，3 处；工作坐标系选本地米制。",
    )
