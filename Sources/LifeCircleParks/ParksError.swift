import Foundation

/// Errors of the parks module: one line each, naming what is wrong and the fix.
public enum ParksError: Error, LocalizedError, CustomStringConvertible, Equatable {
    case invalidCoverageSets(String)
    case invalidInput(String)
    case solver(String)

    public var description: String {
        switch self {
        case .invalidCoverageSets(let m): return "coverage sets: \(m)"
        case .invalidInput(let m): return m
        case .solver(let m): return "solver: \(m)"
        }
    }

    public var errorDescription: String? { description }
}
