import LifeCircleGeometry

/// Why a land part is not a candidate.
public enum CandidateRejection: Sendable, Equatable, CustomStringConvertible {
    case tooSmall(area: Double, minimum: Double)
    case tooLarge(area: Double, maximum: Double)
    case tooNarrow(width: Double, minimum: Double)
    case invalidGeometry(String)

    public var description: String {
        switch self {
        case .tooSmall(let a, let m): return "area \(fmt(a)) m² below \(fmt(m)) m²"
        case .tooLarge(let a, let m): return "area \(fmt(a)) m² above \(fmt(m)) m²"
        case .tooNarrow(let w, let m): return "width \(fmt(w)) m below \(fmt(m)) m"
        case .invalidGeometry(let why): return "invalid geometry: \(why)"
        }
    }

    /// Short machine-readable code for output columns.
    public var code: String {
        switch self {
        case .tooSmall: return "too_small"
        case .tooLarge: return "too_large"
        case .tooNarrow: return "too_narrow"
        case .invalidGeometry: return "invalid_geometry"
        }
    }
}

func fmt(_ x: Double) -> String {
    x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : String(format: "%.1f", x)
}

/// A plot considered for a pocket park, with its shape measures.
public struct CandidateSite: Sendable {
    public var geometry: GeometryValue
    /// m².
    public var area: Double
    /// Total ring length, m.
    public var perimeter: Double
    /// Usable width: twice the radius of the maximum inscribed circle, m.
    public var width: Double
    /// Centre of the maximum inscribed circle.
    public var widthCenter: Coordinate
    /// 4πA/P²: 1 for a circle, small for slivers.
    public var compactness: Double
    /// The land feature (or the input candidate) this part came from.
    public var sourceIndex: Int
    /// nil when the part is a candidate.
    public var rejection: CandidateRejection?

    public var isAccepted: Bool { rejection == nil }

    public init(
        geometry: GeometryValue, area: Double, perimeter: Double, width: Double, widthCenter: Coordinate,
        compactness: Double, sourceIndex: Int, rejection: CandidateRejection? = nil
    ) {
        self.geometry = geometry; self.area = area; self.perimeter = perimeter; self.width = width
        self.widthCenter = widthCenter; self.compactness = compactness; self.sourceIndex = sourceIndex
        self.rejection = rejection
    }

    /// Measures one polygonal geometry (area, perimeter, width, compactness).
    public static func measure(_ g: Geometry, sourceIndex: Int, widthTolerance: Double) throws -> CandidateSite {
        let area = try g.area
        let perimeter = try g.length
        var width = 0.0, center = Coordinate(.nan, .nan)
        if area > 0 {
            let mic = try g.maximumInscribedCircle(tolerance: widthTolerance)
            width = 2 * mic.radius; center = mic.center
        }
        let compactness = perimeter > 0 ? 4 * Double.pi * area / (perimeter * perimeter) : 0
        return CandidateSite(
            geometry: try g.value, area: area, perimeter: perimeter, width: width,
            widthCenter: center, compactness: compactness, sourceIndex: sourceIndex)
    }
}
