from .base import POINT, POLYGON, LifeCircleAlgorithm, Spec
from .coverage import DISTANCE, FACILITIES, NETWORK, RESIDENTS


class SiteAlgorithm(LifeCircleAlgorithm):
    SECTION = "site"
    SPECS = NETWORK + RESIDENTS + FACILITIES + [
        Spec("string", "TIERS", "tiers", optional=True, advanced=True),
        Spec("string", "FOR", "for"),
        Spec("number", "COUNT", "count", default=5, integer=True, min=1, max=10000, optional=True),
        Spec("bool", "COVER_ALL", "cover_all", default=False),
        Spec("layer", "CANDIDATES", "candidates", types=[POINT, POLYGON], optional=True),
        Spec("number", "GRID_SPACING", "grid_spacing", default=None, min=1, max=100000, optional=True),
        Spec("number", "RADIUS", "radius", default=None, min=1, max=100000, optional=True),
        Spec("number", "TIME_LIMIT", "time_limit", default=60.0, min=1, max=86400, omit_default=True, advanced=True),
    ] + DISTANCE
    HELP = (
        "Where to add what: new sites for one facility category (its id, e.g. school) for residents not yet within "
        "the service radius of one (default: the category's tier). Candidates are a layer, or network nodes on a "
        "grid of the given spacing. A number of sites solves the maximal covering problem (MCLP); \"cover every "
        "reachable resident\" the set covering problem (LSCP); both greedy and exact (GLPK), with bound and gap "
        "in the summary.\n\n"
        "Example (São Paulo): as for Coverage, category school, radius 500 m, grid spacing 250 m, 5 sites.",
        "为某类设施（类别编号，如 school）新增站点，服务尚未在服务半径（默认为该类别所属层级）内的居民。"
        "候选点可为图层，或按间距从路网节点生成。给定站点数时求解最大覆盖问题（MCLP），勾选覆盖全部时求解"
        "集合覆盖问题（LSCP）；同时给出贪心与精确（GLPK）解、上界与差距。\n\n"
        "示例（圣保罗）：同生活圈覆盖，类别 school，半径 500 米，候选间距 250 米，5 个站点。",
    )

    def adjust(self, values, parameters, context):
        # A cover-all run has no count; the count's default would contradict it.
        if values.get("cover_all"):
            values.pop("count", None)
