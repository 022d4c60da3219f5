import Foundation

/// What one workload run prints: its work time and what it computed, so the
/// anchor's numbers can be compared with it. One JSON object on one line.
public struct WorkloadReport: Sendable {
    public var pair: String
    public var seconds: Double
    public var fields: [(String, JSONValue)] = []

    public init(pair: String, seconds: Double) { self.pair = pair; self.seconds = seconds }

    public mutating func set(_ key: String, _ value: JSONValue) { fields.append((key, value)) }

    public var json: String {
        var parts = [
            "\"pair\": \(JSONValue.string(pair).text)", "\"side\": \"lifecircle\"",
            "\"seconds\": \(JSONValue.number(seconds).text)",
        ]
        for (k, v) in fields { parts.append("\(JSONValue.string(k).text): \(v.text)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}

public indirect enum JSONValue: Sendable {
    case number(Double)
    case int(Int)
    case string(String)
    case bool(Bool)
    case object([(String, JSONValue)])
    case array([JSONValue])

    public var text: String {
        switch self {
        case .number(let d): return d.isFinite ? String(d) : "null"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        case .string(let s):
            // swift-format-ignore: NeverUseForceTry
            let data = try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
            let arr = String(decoding: data, as: UTF8.self)
            return String(arr.dropFirst().dropLast())
        case .object(let kv): return "{" + kv.map { "\(JSONValue.string($0.0).text): \($0.1.text)" }.joined(separator: ", ") + "}"
        case .array(let a): return "[" + a.map(\.text).joined(separator: ", ") + "]"
        }
    }

    public static func stages(_ laps: [(String, Double)]) -> JSONValue {
        .object(laps.map { ($0.0, .number(($0.1 * 1e6).rounded() / 1e6)) })
    }
}
