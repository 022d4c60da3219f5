import Foundation

/// One-line errors from the coverage analysis, naming the input and the fix.
public struct CoverageError: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
    public var errorDescription: String? { message }
}
