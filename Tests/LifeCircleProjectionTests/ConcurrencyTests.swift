import Foundation
import LifeCircleGeometry
import Testing

@testable import LifeCircleProjection

@Suite struct ConcurrencyTests {
    static func grid() -> [Coordinate] {
        (0..<20_000).map { i in Coordinate(113.5 + Double(i % 200) * 0.01, 29.5 + Double(i / 200) * 0.02) }
    }

    static func run(_ input: [Coordinate], target: String, source: CRS = .wgs84) throws -> [Coordinate] {
        let t = try CoordinateTransformer(from: source, to: CRS.parse(target))
        var out = input
        try t.transform(&out)
        return out
    }

    @Test func threadsGiveTheSerialResult() throws {
        let input = Self.grid()
        let targets = ["EPSG:32650", "EPSG:4547", "EPSG:3857", "+proj=utm +zone=49 +datum=WGS84"]
        let serial = try targets.map { try Self.run(input, target: $0) }

        let results = LockedBox([Int: [Coordinate]]())
        let failures = LockedBox([String]())
        let group = DispatchGroup()
        for k in 0..<8 {  // two threads per target, all at once
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let r = try Self.run(input, target: targets[k % targets.count])
                    results.with { $0[k] = r }
                } catch {
                    failures.with { $0.append("\(error)") }
                }
            }
            thread.start()
        }
        group.wait()
        #expect(failures.with { $0 }.isEmpty)
        for k in 0..<8 {
            #expect(results.with { $0[k] } == serial[k % targets.count], "thread \(k)")
        }
    }

    @Test func tasksGiveTheSerialResult() async throws {
        let input = Self.grid()
        let serial = try Self.run(input, target: "EPSG:32650", source: .gcj02)
        let outputs = try await withThrowingTaskGroup(of: [Coordinate].self) { group in
            for _ in 0..<6 { group.addTask { try Self.run(input, target: "EPSG:32650", source: .gcj02) } }
            var all: [[Coordinate]] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(outputs.count == 6)
        for o in outputs { #expect(o == serial) }
    }

    @Test func transformerMovesToAnotherThreadsContext() throws {
        // Made here, used on another thread (one at a time): its PJ is re-assigned
        // to that thread's context, and the answer is unchanged.
        let t = try CoordinateTransformer(from: .wgs84, to: CRS.parse("EPSG:32650"))
        let wuhan = Coordinate(114.3055, 30.5928)
        let here = try t.transform(wuhan)
        let box = UncheckedSendable(value: t)
        let there = LockedBox<Coordinate?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            there.with { $0 = try? box.value.transform(wuhan) }
            done.signal()
        }.start()
        done.wait()
        #expect(there.with { $0 } == here)
        #expect(try t.transform(wuhan) == here)  // and back on this thread
    }
}
