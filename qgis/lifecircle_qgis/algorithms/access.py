from .base import LifeCircleAlgorithm, Spec
from .coverage import DISTANCE, FACILITIES, NETWORK, RESIDENTS


class AccessAlgorithm(LifeCircleAlgorithm):
    SECTION = "access"
    SPECS = NETWORK + RESIDENTS + FACILITIES + [
        Spec("field", "CAPACITY", "capacity", parent="FACILITIES", numeric=True, optional=True),
        Spec("number", "CATCHMENT", "catchment", default=1000.0, min=1, max=100000),
        Spec("enum", "METHOD", "method", values=[("2sfca", "2sfca"), ("e2sfca", "e2sfca"), ("gravity", "gravity")]),
        Spec("string", "BANDS", "bands", optional=True),
        Spec("number", "BETA", "beta", default=1.0, min=0, max=10, omit_default=True, advanced=True),
    ] + DISTANCE
    HELP = (
        "Capacity-aware access per facility category: the two-step floating catchment (2SFCA, Luo & Wang 2003), "
        "the enhanced one with step weights per band (E2SFCA: bands such as 300:1,600:0.68,1000:0.22) or a gravity "
        "variant. Each facility's ratio = capacity / demand within the catchment; each resident's access = the sum "
        "of the ratios in reach. Layers: residents (access_<category>, n_<category>) and facilities (capacity, "
        "ratio, demand); summary: weighted mean and median, share with no facility in reach, Gini.\n\n"
        "Example (São Paulo): as for Coverage, capacity field schools, catchment 1000 m, method 2SFCA.",
        "按容量计算各类设施的可达性：两步移动搜索法（2SFCA，Luo & Wang 2003）、分段加权的增强两步法"
        "（E2SFCA，分段如 300:1,600:0.68,1000:0.22）或重力模型。设施供需比 = 容量 / 服务半径内需求；"
        "居民可达性 = 可达设施供需比之和。输出居民（access_<类别>、n_<类别>）与设施（capacity、ratio、demand）"
        "图层；摘要含加权均值、中位数、无设施可达比例与基尼系数。\n\n"
        "示例（圣保罗）：同生活圈覆盖，容量字段 schools，服务半径 1000 米，方法 2SFCA。",
    )
