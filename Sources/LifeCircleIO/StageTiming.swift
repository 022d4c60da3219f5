import Foundation

/// One stage of a job and how long it took: the one timings schema of every
/// job summary (`timings_s`, a list in run order) and of the study's
/// `timings.json`.
public struct StageTiming: Sendable, Codable, Equatable {
    public var stage: String
    public var seconds: Double
    public init(stage: String, seconds: Double) { self.stage = stage; self.seconds = seconds }
}

/// Times the stages of a job in order.
public struct StageClock: Sendable {
    public private(set) var timings: [StageTiming] = []
    public let progress: (@Sendable (String) -> Void)?
    private let started = DispatchTime.now().uptimeNanoseconds

    public init(progress: (@Sendable (String) -> Void)? = nil) { self.progress = progress }

    /// Runs `body` as stage `name`, reporting it to `progress` first.
    public mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        progress?(name)
        let t0 = DispatchTime.now().uptimeNanoseconds
        defer { timings.append(StageTiming(stage: name, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)) }
        return try body()
    }

    public mutating func record(_ name: String, seconds: Double) { timings.append(StageTiming(stage: name, seconds: seconds)) }

    /// Seconds since the clock started.
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
}
