/// LifeCircle's version, in one place: `lifecircle --version`, a study's
/// `VERSION.txt` and `summary.json`, and the report's footer all show it.
/// CHANGELOG.md and the git tag follow it.
public enum LifeCircleVersion {
    public static let string = "0.2.0"
}
