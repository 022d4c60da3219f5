import Foundation

/// Errors that stop a grids computation; problems that still let a plan be
/// produced are reported as `GridIssue`s on the plan instead.
public enum GridError: Error, LocalizedError, CustomStringConvertible, Equatable {
    case invalidInput(String)
    case noWeights(String)
    case geometry(String)

    public var description: String {
        switch self {
        case .invalidInput(let m): return "grids: invalid input: \(m)"
        case .noWeights(let m): return "grids: no weights: \(m)"
        case .geometry(let m): return "grids: geometry: \(m)"
        }
    }
    public var errorDescription: String? { description }
}

/// A problem found while building a plan that did not stop it.
public struct GridIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case missingWeights = "missing_weights"
        case overlappingUnits = "overlapping_units"
        case isolatedUnits = "isolated_units"
        case fewerUnitsThanGrids = "fewer_units_than_grids"
        case infeasibleBand = "infeasible_band"
        case balanceNotReached = "balance_not_reached"
        case barrierRelaxed = "barrier_relaxed"
        case noncontiguousGrid = "noncontiguous_grid"
        case limitReached = "limit_reached"
        case other
    }
    public var kind: Kind
    /// Community (nest key) concerned, if any.
    public var community: String?
    public var message: String
    /// Unit indices concerned (may be truncated in messages).
    public var units: [Int]

    public init(_ kind: Kind, community: String? = nil, _ message: String, units: [Int] = []) {
        self.kind = kind; self.community = community; self.message = message; self.units = units
    }

    public var description: String {
        "[\(kind.rawValue)]" + (community.flatMap { $0.isEmpty ? nil : " community \($0):" } ?? "") + " " + message
    }
}
