import Foundation

/// A mistake in one of a job's options or inputs, in domain words. Libraries
/// never name a command-line flag: they name the option by its key
/// (`residents_crs`, the study-file spelling) and write `{option}` where the
/// fix names it. The CLI renders the key as `--residents-crs`, the study layer
/// as `residents_crs:` with the file and line.
public struct OptionError: Error, LocalizedError, CustomStringConvertible, Equatable, Sendable {
    /// The option's key, snake_case: `crs`, `residents_crs`, `weight`.
    public var key: String
    /// What is wrong, naming the file, layer, field and value.
    public var message: String
    /// What to do, with `{option}` standing for the option as the user spells it.
    public var fix: String?

    public static let placeholder = "{option}"

    public init(key: String, _ message: String, fix: String? = nil) {
        self.key = key; self.message = message; self.fix = fix
    }

    /// The message with the option spelt by `spell` (a flag, a study key).
    public func rendered(_ spell: (String) -> String) -> String {
        guard let fix else { return message }
        return message + ": " + fix.replacingOccurrences(of: Self.placeholder, with: spell(key))
    }

    public var description: String { rendered { $0 } }
    public var errorDescription: String? { description }
}
