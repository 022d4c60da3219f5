import Foundation
import LifeCircleIO
import LifeCircleReport

/// The study's tables as spreadsheets: typed cells (codes as text, counts as
/// integers, shares as percentages) and headers in the study language, with
/// a second sheet that maps each header to its field (the CSV and
/// GeoPackage keep the field names, so joins still work).
enum StudyTables {
    static func sheets(for layer: StudyLayer, language: ReportLanguage) -> [XLSXSheet] {
        let table = layer.table
        let columns = table.columns.map { c in
            XLSXColumn(header: header(c.name, language), kind: kind(c), values: (0..<c.count).map { c.value(at: $0) })
        }
        let zh = language == .zh
        let fields = XLSXSheet(
            name: zh ? "字段说明" : "fields",
            columns: [
                XLSXColumn(header: zh ? "表头" : "header", kind: .text, values: table.columns.map { .string(header($0.name, language)) }),
                XLSXColumn(header: zh ? "字段名" : "field", kind: .text, values: table.columns.map { .string($0.name) }),
            ])
        return [XLSXSheet(name: layer.qualifiedName, columns: columns), fields]
    }

    /// Column aliases in the study language, through the GeoPackage schema
    /// extension (`gpkg_data_columns.name`, which newer GDAL and QGIS show as
    /// the field's alias; QGIS 3.22 takes them from the styles instead, see
    /// `StudyStyles.specs`); the column keys themselves stay ASCII. Empty for English.
    static func aliasSQL(_ layers: [OutputLayer], language: ReportLanguage) -> [String] {
        guard language == .zh else { return [] }
        func q(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        var rows: [String] = []
        for l in layers {
            for c in l.columns {
                let alias = header(c.name, language)
                if alias != c.name { rows.append("(\(q(l.name)), \(q(c.name)), \(q(alias)), \(q(alias)))") }
            }
        }
        guard !rows.isEmpty else { return [] }
        return [
            // The 1.2+ definition: `name` is not UNIQUE (the same header appears in several layers).
            """
            CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, \
            title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, \
            CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), \
            CONSTRAINT fk_gdc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name))
            """,
            """
            CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, \
            definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))
            """,
            """
            INSERT OR IGNORE INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) \
            VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', 'http://www.geopackage.org/spec/#extension_schema', 'read-write')
            """,
            "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title) VALUES " + rows.joined(separator: ", "),
        ]
    }

    /// How a column's cells are typed.
    static func kind(_ c: Column) -> XLSXColumn.Kind {
        let n = c.name
        switch c.type {
        case .string, .date, .dateTime: return .text
        case .integer: return .integer
        case .real:
            if n.hasPrefix("share_") || n.hasSuffix("_share") || n.contains("_share_") { return .percent }
            if n.hasPrefix("n_") || n == "units" || n == "pieces" || n.hasSuffix("_count") { return .integer }
            if ["compactness", "polsby_popper", "reock", "convex_hull_ratio", "eqi", "sc", "rect"].contains(n) {
                return .decimal(digits: 3)
            }
            if n == "minutes" { return .decimal(digits: 1) }
            return .decimal(digits: 1)
        }
    }

    /// The column's header in the study language (English keeps the field name).
    static func header(_ field: String, _ language: ReportLanguage) -> String {
        guard language == .zh else { return field }
        if let h = zhHeaders[field] { return h }
        func suffix(_ prefix: String) -> String? { field.hasPrefix(prefix) ? String(field.dropFirst(prefix.count)) : nil }
        if let t = suffix("share_") { return "设施齐全度（\(t)米）" }
        if let t = suffix("all_") { return "设施全部可达（\(t)米）" }
        if let c = suffix("d_") { return "至\(CategoryNames.display(id: c, name: nil, nameZh: nil, .zh))距离（米）" }
        if let rest = suffix("n_"), let us = rest.lastIndex(of: "_") {
            let c = String(rest[..<us]), t = String(rest[rest.index(after: us)...])
            return "\(CategoryNames.display(id: c, name: nil, nameZh: nil, .zh))设施数（\(t)米内）"
        }
        if let c = suffix("dev_") { return "偏差（\(zhHeaders[c] ?? c)）" }
        return field
    }

    static let zhHeaders: [String: String] = [
        "category": "设施类别", "tier_m": "圈层距离（米）", "tier": "圈层", "minutes": "步行时间（分钟）",
        "area_m2": "面积（平方米）", "access_m": "接入路网距离（米）", "snapped": "已接入路网", "weight": "权重",
        "input_row": "输入行号", "grid_code": "网格编码", "community": "社区", "units": "单元数", "area": "面积",
        "perimeter": "周长（米）", "pieces": "块数", "polsby_popper": "紧凑度（Polsby-Popper）",
        "reock": "紧凑度（Reock）", "convex_hull_ratio": "凸包比", "cut_edges": "切断邻接数",
        "barrier_crossings": "跨越障碍数", "nesting_violations": "嵌套冲突数", "part": "地块编号",
        "source_index": "源要素序号", "status": "状态", "width_m": "宽度（米）", "compactness": "紧凑度",
        "served_alone": "单独服务权重", "rank": "排名", "selected": "是否选中", "order": "选址顺序",
        "reason_code": "未采用原因代码", "reason": "未采用原因", "map_class": "图面分类", "marginal_gain": "边际增益",
        "radius_m": "服务半径（米）", "feature": "要素序号", "served_before": "规划前受服务", "served_after": "规划后受服务",
        "zone": "分区", "total_weight": "总权重", "served_weight_before": "规划前受服务权重",
        "served_weight_after": "规划后受服务权重", "served_share_before": "规划前服务比例",
        "served_share_after": "规划后服务比例", "population": "人口", "households": "户数", "id": "编号",
        "type": "类型", "existence": "现状", "name": "名称",
    ]
}
