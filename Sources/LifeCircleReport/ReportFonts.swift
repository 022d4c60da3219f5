/// Fonts: the system's, never downloaded. The stack lists common Chinese
/// fonts on macOS, Windows and Linux before the generic family, so Chinese
/// labels render wherever the report is opened.
public enum ReportFonts {
    public static let families = [
        "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
        "WenQuanYi Micro Hei", "Helvetica Neue", "Arial",
    ]
    public static var cssStack: String {
        families.map { "'\($0)'" }.joined(separator: ", ") + ", sans-serif"
    }
}
