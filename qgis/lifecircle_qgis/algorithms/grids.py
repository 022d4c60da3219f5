from .base import POINT, POLYGON, LifeCircleAlgorithm, Spec

COMMANDS = [("partition", "partition"), ("evaluate", "evaluate"), ("rebalance", "rebalance")]


class GridsAlgorithm(LifeCircleAlgorithm):
    SECTION = "grids"
    SPECS = [
        Spec("enum", "COMMAND", "command", values=COMMANDS),
        Spec("layer", "UNITS", "units", types=[POLYGON, POINT]),
        Spec("string", "UNITS_FILTER", "units_filter", optional=True),
        Spec("field", "WEIGHT", "weight", parent="UNITS", numeric=True),
        Spec("number", "GRIDS", "grids", default=10, integer=True, min=1, max=100000, optional=True),
        Spec("field", "ASSIGNMENT", "assignment", parent="UNITS", optional=True),
        Spec("field", "NEST", "nest", parent="UNITS", optional=True),
        Spec("number", "TOLERANCE", "tolerance", default=0.05, min=0, max=0.99),
        Spec("number", "GAP", "gap", default=0.0, min=0, max=1000, omit_default=True),
        Spec("number", "SEED", "seed", default=1, integer=True, min=0, max=2**31 - 1, omit_default=True, advanced=True),
        Spec("number", "TIME_LIMIT", "time_limit", default=None, min=1, max=86400, optional=True),
    ]
    HELP = (
        "Management grids (网格化管理) from residential units (polygons, or points with Voronoi cells): "
        "partition them into a number of contiguous, compact grids balanced on the weight within the tolerance; "
        "evaluate an existing plan given by a grid-code field; or rebalance it moving few units. Grid codes run "
        "north→south, west→east (community code + 3 digits). Layers: grids (dissolved), units (grid_code); "
        "summary: max_abs_deviation, range, cut_edges, mean_polsby_popper, noncontiguous_grids.\n\n"
        "Example (São Paulo): units spo_hexgrid_EPSG32723 (323 cells), weight population, 10 grids, tolerance 0.05.",
        "由居住单元（面，或以泰森多边形处理的点）生成管理网格：按权重在容差内均衡地划分为若干连续、紧凑的"
        "网格；或评估按网格编码字段给出的现有方案；或以最少调整重新均衡。网格编码自北向南、自西向东编号"
        "（社区编码 + 3 位序号）。输出网格与单元图层；摘要含最大偏差、极差、切边数、平均 Polsby–Popper 紧凑度。\n\n"
        "示例（圣保罗）：单元 spo_hexgrid_EPSG32723（323 个），权重 population，10 个网格，容差 0.05。",
    )

    def adjust(self, values, parameters, context):
        # Each task takes only its own keys, as each subcommand has only its own flags.
        if values.get("command") == "partition":
            values.pop("assignment", None)
            values.pop("command")  # partition is the default
        else:
            values.pop("grids", None)
            values.pop("seed", None)
            if values.get("command") == "evaluate":
                values.pop("time_limit", None)
