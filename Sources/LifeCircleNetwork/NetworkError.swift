import Foundation

/// Errors from building or querying a walking network. Each message is one
/// line naming what was wrong and how to fix it.
public enum NetworkError: Error, LocalizedError, CustomStringConvertible, Equatable {
    case emptyNetwork(String)
    case invalidOption(String)
    case invalidRules(String)

    public var description: String {
        switch self {
        case .emptyNetwork(let s): return "empty network: \(s)"
        case .invalidOption(let s): return "invalid network option: \(s)"
        case .invalidRules(let s): return "invalid walkable-tag rules: \(s)"
        }
    }

    public var errorDescription: String? { description }
}
