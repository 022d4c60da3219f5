import Foundation

/// QGIS styles for the study GeoPackage's layers (filled in with the report module's QML).
enum StudyStyles {
    static func sql(for layers: [StudyLayer]) -> [String] { [] }
}
