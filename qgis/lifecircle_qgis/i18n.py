"""English and Chinese labels, chosen by the QGIS locale.

One table, key → (English, 中文). QGIS's locale is the setting
locale/userLocale (Settings → Options → General); a locale starting with
"zh" gives Chinese, anything else English. LIFECIRCLE_QGIS_LANG=en|zh
overrides it (tests, screenshots).
"""
import os

from qgis.core import QgsSettings

TABLE = {
    # provider and algorithms
    "provider": ("LifeCircle", "LifeCircle 生活圈"),
    "alg_coverage": ("Coverage (life-circle tiers)", "生活圈覆盖（5/10/15 分钟）"),
    "alg_access": ("Access (2SFCA)", "设施可达性（两步移动搜索法）"),
    "alg_site": ("Facility siting", "设施选址"),
    "alg_grids": ("Management grids", "网格化管理划分"),
    "alg_parks": ("Pocket parks", "口袋公园选址"),
    "alg_run": ("Run study file", "运行研究文件"),
    "binary": ("lifecircle binary (empty: found on PATH)", "lifecircle 程序路径（留空：在 PATH 中查找）"),
    "group_analysis": ("Analyses", "分析"),
    "group_study": ("Studies", "研究"),
    # shared parameters
    "network": ("Walking network (line layer)", "步行路网（线图层）"),
    "network_file": ("…or walking network file (OSM .pbf/.osm)", "……或路网文件（OSM .pbf/.osm）"),
    "residents": ("Residents (points or polygons)", "居民（点或面）"),
    "residents_filter": ("Residents filter (OGR SQL)", "居民筛选（OGR SQL）"),
    "weight": ("Resident weight field (population)", "居民权重字段（人口）"),
    "resident_point": ("Point of a polygon resident", "面状居民的代表点"),
    "facilities": ("Facilities (layer)", "设施（图层）"),
    "facilities_file": ("…or facilities table (Amap/Baidu CSV or XLSX export)", "……或设施表（高德/百度 CSV 或 XLSX 导出）"),
    "facilities_filter": ("Facilities filter (OGR SQL)", "设施筛选（OGR SQL）"),
    "facilities_crs": ("CRS of the facilities table", "设施表坐标系"),
    "category": ("Facility category field", "设施类别字段"),
    "category_name": ("…or one category for every facility", "……或全部设施同一类别"),
    "category_map": ("Category map (value=name,…)", "类别映射（值=名称,…）"),
    "preset": ("Preset", "预设"),
    "tiers": ("Tier distances (m, comma-separated; default: the preset's, else 300,500,1000)", "生活圈距离（米，逗号分隔；默认按预设，否则 300,500,1000）"),
    "metric": ("Distance", "距离计算"),
    "max_snap": ("Largest distance to a street (m)", "到道路最大吸附距离（米）"),
    "service_areas": ("Write service areas", "输出服务范围"),
    "gaps": ("Write gaps", "输出覆盖空白区"),
    "working_crs": ("Working CRS", "工作坐标系"),
    "crs": ("…or this CRS", "……或此坐标系"),
    "lang": ("Report language", "报告语言"),
    "csv": ("Write tables (CSV, XLSX)", "输出表格（CSV、XLSX）"),
    "report": ("Write the HTML report", "输出 HTML 报告"),
    "output": ("Output folder", "输出文件夹"),
    # access
    "capacity": ("Facility capacity field", "设施容量字段"),
    "catchment": ("Catchment (m)", "服务半径（米）"),
    "method": ("Method", "方法"),
    "bands": ("E2SFCA bands (m:weight,…)", "E2SFCA 距离分段（米:权重,…）"),
    "beta": ("Gravity decay exponent", "重力衰减指数"),
    # site
    "for": ("Category to site", "选址设施类别"),
    "count": ("Number of new sites", "新增站点数"),
    "cover_all": ("Cover every reachable resident (fewest sites)", "覆盖全部可达居民（最少站点）"),
    "candidates": ("Candidate sites (layer)", "候选地点（图层）"),
    "grid_spacing": ("…or candidates on a grid of this spacing (m)", "……或按此间距（米）生成候选点"),
    "radius": ("Service radius (m)", "服务半径（米）"),
    "time_limit": ("Time limit (s)", "时间上限（秒）"),
    # grids
    "command": ("Task", "任务"),
    "units": ("Units (polygons or points)", "单元（面或点）"),
    "grids": ("Number of grids", "网格数量"),
    "nest": ("Community field (grids stay inside)", "社区字段（网格不跨社区）"),
    "tolerance": ("Balance tolerance (share)", "均衡容差（比例）"),
    "gap": ("Bridge gaps up to (m)", "桥接间隙（米）"),
    "assignment": ("Existing grid code field", "现有网格编码字段"),
    "seed": ("Random seed", "随机种子"),
    # parks
    "weight_area": ("Weigh residents by polygon area", "按面积加权居民"),
    "residential": ("Residential land (coverage rate)", "居住用地（覆盖率）"),
    "residential_filter": ("Residential land filter (OGR SQL)", "居住用地筛选（OGR SQL）"),
    "green": ("Existing green space", "现有绿地"),
    "green_filter": ("Green filter (OGR SQL)", "绿地筛选（OGR SQL）"),
    "green_rules": ("Green rules (min m²:radius m,…)", "绿地服务规则（最小面积:半径,…）"),
    "candidates_filter": ("Candidates filter (OGR SQL)", "候选筛选（OGR SQL）"),
    "sample_spacing": ("Sample residents every (m)", "居民采样间距（米）"),
    "parks_method": ("Solver", "求解方法"),
    # run
    "study_file": ("Study file (YAML)", "研究文件（YAML）"),
    # enum values
    "auto": ("automatic (from the inputs)", "自动（按输入）"),
    "local": ("local metres (no georeference)", "本地米制坐标（无地理参考）"),
    "utm": ("UTM zone of the data", "数据所在 UTM 带"),
    "cgcs2000-gk": ("CGCS2000 Gauss–Krüger 3°", "CGCS2000 高斯-克吕格 3° 带"),
    "from_crs": ("the CRS below", "下方坐标系"),
    "surface": ("inside (surface point)", "面内点"),
    "centroid": ("centroid", "质心"),
    "network_metric": ("along streets", "沿道路网络"),
    "euclidean": ("straight line", "直线距离"),
    "none": ("none", "无"),
    "gb50180": ("GB 50180-2018 life circles", "GB 50180-2018 生活圈"),
    "layer_crs": ("the layer's / WGS 84", "图层坐标系 / WGS 84"),
    "gcj02": ("GCJ-02 (Amap, Tencent)", "GCJ-02（高德、腾讯）"),
    "bd09": ("BD-09 (Baidu)", "BD-09（百度）"),
    "partition": ("partition into new grids", "划分新网格"),
    "evaluate": ("evaluate an existing plan", "评估现有方案"),
    "rebalance": ("rebalance an existing plan", "调整现有方案"),
    "exact": ("exact (GLPK) and greedy", "精确（GLPK）与贪心"),
    "greedy": ("greedy only", "仅贪心"),
    "zh": ("Chinese", "中文"),
    "en": ("English", "英文"),
    "study_lang": ("the study's", "按研究文件"),
    "2sfca": ("2SFCA", "2SFCA"),
    "e2sfca": ("E2SFCA (bands)", "E2SFCA（分段）"),
    "gravity": ("gravity", "重力模型"),
}


def language():
    forced = os.environ.get("LIFECIRCLE_QGIS_LANG", "")
    if forced in ("en", "zh"):
        return forced
    locale = QgsSettings().value("locale/userLocale", "", type=str) or ""
    return "zh" if locale.lower().startswith("zh") else "en"


def tr(key):
    en, zh = TABLE.get(key, (key, key))
    return zh if language() == "zh" else en


def pick(en, zh):
    """For texts kept beside their algorithm (help), not in the table."""
    return zh if language() == "zh" else en
