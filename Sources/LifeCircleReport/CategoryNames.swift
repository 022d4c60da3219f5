/// Display names of facility categories in the study language. A category
/// named in the study (or its preset) keeps that name; a bare id such as
/// `school` gets a common Chinese name, so a zh report or legend never shows
/// an English id inside a Chinese sentence.
public enum CategoryNames {
    public static func display(id: String, name: String?, nameZh: String?, _ language: ReportLanguage) -> String {
        switch language {
        case .zh: return nameZh ?? zh[id.lowercased()] ?? name ?? id
        case .en: return name ?? en[id.lowercased()] ?? id
        }
    }

    /// The tier-wide gap layer's category: not every category of the tier in reach.
    public static func allCategories(_ language: ReportLanguage) -> String {
        language == .zh ? "全部设施" : "All categories"
    }

    static let zh: [String: String] = [
        "all": "全部设施", "business": "商业", "office": "办公", "school": "学校", "hospital": "医院",
        "recreation": "文体休闲", "clinic": "诊所", "pharmacy": "药店", "supermarket": "超市",
        "market": "市场", "fresh_market": "菜市场", "kindergarten": "幼儿园", "nursery": "托育机构",
        "primary_school": "小学", "middle_school": "初中", "high_school": "高中", "park": "公园",
        "green": "绿地", "library": "图书馆", "bus_stop": "公交站", "metro": "地铁站", "bank": "银行",
        "post_office": "邮局", "restaurant": "餐饮", "health_centre": "卫生服务中心", "elderly_home": "养老院",
        "elderly_care": "养老服务", "community_centre": "社区服务中心", "culture_centre": "文化活动中心",
        "sports": "体育设施", "playground": "儿童游乐场", "toilet": "公共厕所",
    ]

    static let en: [String: String] = ["all": "All categories"]
}
