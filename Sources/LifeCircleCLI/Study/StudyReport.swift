import Foundation
import LifeCircleReport

/// Maps a study's summaries and layers into the planner's report.
struct StudyReport {
    var studyName: String
    var lang: String
    var summary: [String: Any]
    var layers: [StudyLayer]
    var warnings: [String]

    func write(to path: String) throws {
        let doc = ReportDocument(title: studyName, language: ReportLanguage(code: lang) ?? .en)
        try HTMLReportWriter.write(doc, to: path)
    }
}
