import Foundation
import LifeCircleProjection

/// Decoding a job's options from a study file's flat keys (`residents`,
/// `residents_layer`, `tiers: [300, 500]` …). A job's `CodingKeys` are the
/// study keys, which are also its command's flags in kebab-case; they are the
/// one list of a job's options.
extension CodingUserInfoKey {
    /// An `InputResolver` turning a study's input names and relative paths into inputs.
    public static let inputResolver = CodingUserInfoKey(rawValue: "lifecircle.inputResolver")!
}

/// Turns the text of a file option (an input's name in a study, or a path
/// relative to the study file) into the input to read.
public struct InputResolver: Sendable {
    /// An input file option's value → the input (an input name, or a path).
    public var resolve: @Sendable (String) -> InputSource
    /// A value that may be a file or a built-in name (`preset: gb50180`) →
    /// the file's path when such a file exists, else nil.
    public var existingFile: @Sendable (String) -> String?

    public init(
        _ resolve: @escaping @Sendable (String) -> InputSource,
        existingFile: @escaping @Sendable (String) -> String? = { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    ) {
        self.resolve = resolve
        self.existingFile = existingFile
    }
    public static let identity = InputResolver { InputSource(path: $0) }
}

extension Decoder {
    public var inputResolver: InputResolver { userInfo[.inputResolver] as? InputResolver ?? .identity }
}

extension KeyedDecodingContainer {
    /// A file option with its optional `_layer`, `_filter` and `_crs` keys.
    /// Keys given explicitly win over what the resolved input carries.
    public func decodeSource(
        _ path: Key, layer: Key? = nil, filter: Key? = nil, crs: Key? = nil,
        resolver: InputResolver
    ) throws -> InputSource? {
        guard let text = try decodeIfPresent(String.self, forKey: path) else { return nil }
        var s = resolver.resolve(text)
        if let layer, let v = try decodeIfPresent(String.self, forKey: layer) { s.layer = v }
        if let filter, let v = try decodeIfPresent(String.self, forKey: filter) { s.filter = v }
        if let crs, let v = try decodeIfPresent(CRS.self, forKey: crs) { s.crs = v }
        return s
    }

    /// A repeatable file option: one value or a list.
    public func decodeSources(_ path: Key, resolver: InputResolver) throws -> [InputSource] {
        try decodeStrings(path).map { resolver.resolve($0) }
    }

    /// A list given as a YAML list or as one comma-separated value.
    public func decodeStrings(_ key: Key) throws -> [String] {
        if let list = try? decodeIfPresent([String].self, forKey: key) { return list }
        guard let one = try decodeIfPresent(String.self, forKey: key) else { return [] }
        return one.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Numbers given as a YAML list or as one comma-separated value.
    public func decodeDoubles(_ key: Key) throws -> [Double]? {
        if let list = try? decodeIfPresent([Double].self, forKey: key) { return list }
        guard contains(key) else { return nil }
        let parts = try decodeStrings(key)
        var out: [Double] = []
        for p in parts {
            guard let v = Double(p) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(p)' is not a number")
            }
            out.append(v)
        }
        return out
    }

    /// A flag: true/false (absent = false).
    public func decodeFlag(_ key: Key) throws -> Bool { try decodeIfPresent(Bool.self, forKey: key) ?? false }
}

/// The keys a job accepts in a study file, for checking unknown keys.
public protocol StudyKeyed {
    /// Every key, snake_case, in the order the command's help lists them.
    static var studyKeys: [String] { get }
}
