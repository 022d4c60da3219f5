import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection

/// Parks' vacant-land candidates for another analysis (`lifecircle site`):
/// land minus buildings (with setback), roads (half their width) and water,
/// exploded into parts and kept within the area band and usable width. The
/// layers are read by `ParksJob.readCandidates` and carved by
/// `CandidateGenerator.generate`, exactly as `parks` does; the option keys
/// are parks' keys.
public struct VacantLand: Sendable, Equatable {
    public var land: InputSource
    public var buildings: InputSource?
    public var roads: InputSource?
    public var water: InputSource?
    public var roadWidthField: String?
    public var roadClassField = "highway"
    public var defaultRoadWidth: Double = 6
    public var minArea: Double = 400
    public var maxArea: Double = 10_000
    public var minWidth: Double = 10
    public var buildingSetback: Double = 0

    public init(land: InputSource) { self.land = land }

    /// Checks the options as parks does (the same keys and messages).
    public func validate() throws { try job(crs: nil).validate() }

    /// The accepted plots in the working frame, with parks' notes on the inputs and the carving.
    public func candidates(frame: WorkingFrame, crs: CRS?) throws -> (sites: [CandidateSite], parts: Int, notes: [String]) {
        let j = job(crs: crs)
        var clock = StageClock()
        var notes: [String] = []
        guard case .land(let l, let b, let r, let w) = try j.readCandidates(frame: frame, clock: &clock, notes: &notes) else {
            throw OptionError(key: "land", "no land to carve candidates from", fix: "give {option}")
        }
        var o = CandidateOptions()
        o.minArea = minArea; o.maxArea = maxArea; o.minWidth = minWidth
        o.buildingSetback = buildingSetback; o.defaultRoadWidth = defaultRoadWidth
        let g = try CandidateGenerator.generate(land: l, buildings: b, roads: r, water: w, options: o)
        return (g.accepted, g.parts.count, notes + g.notes)
    }

    /// A parks job holding these options: its readers and checks, nothing else of it is used.
    func job(crs: CRS?) -> ParksJob {
        var j = ParksJob(residents: land, green: land, land: land, objective: .count(1))
        j.buildings = buildings; j.roads = roads; j.water = water
        j.roadWidthField = roadWidthField; j.roadClassField = roadClassField; j.defaultRoadWidth = defaultRoadWidth
        j.minArea = minArea; j.maxArea = maxArea; j.minWidth = minWidth; j.buildingSetback = buildingSetback
        j.crs = crs
        return j
    }
}
