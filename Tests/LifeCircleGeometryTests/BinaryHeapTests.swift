import Foundation
import LifeCircleGeometry
import Testing

/// Min-heap of integers.
private enum Ascending: HeapOrder {
    static func precedes(_ a: Int, _ b: Int) -> Bool { a < b }
}

/// Max by key, ties to the lower id (a strict total order, as the FM and greedy heaps use).
private struct Keyed: Equatable { var key: Double; var id: Int }
private enum KeyThenID: HeapOrder {
    static func precedes(_ a: Keyed, _ b: Keyed) -> Bool { a.key > b.key || (a.key == b.key && a.id < b.id) }
}

@Suite struct BinaryHeapTests {
    @Test func popsInOrderAndReportsSize() {
        var h = BinaryHeap<Ascending>(capacity: 8)
        #expect(h.isEmpty && h.count == 0 && h.peek == nil && h.pop() == nil)
        for x in [5, 3, 9, 1, 7, 3] { h.push(x) }
        #expect(h.count == 6 && !h.isEmpty && h.peek == 1)
        var out: [Int] = []
        while let x = h.pop() { out.append(x) }
        #expect(out == [1, 3, 3, 5, 7, 9])
        #expect(h.isEmpty)
    }

    @Test func tiesBreakByTheOrderNotByInsertion() {
        var h = BinaryHeap<KeyThenID>()
        for (id, key) in [(4, 2.0), (1, 2.0), (3, 5.0), (0, 2.0), (2, 5.0)] { h.push(Keyed(key: key, id: id)) }
        var ids: [Int] = []
        while let e = h.pop() { ids.append(e.id) }
        #expect(ids == [2, 3, 0, 1, 4])
    }

    @Test func matchesSortingOnRandomInputWithInterleavedPops() {
        var rng = SplitMix64(seed: 42)
        for round in 0..<20 {
            var h = BinaryHeap<KeyThenID>(capacity: 16)
            var reference: [Keyed] = []
            var popped: [Keyed] = [], expected: [Keyed] = []
            let n = 1 + Int(rng.next() % 400)
            for id in 0..<n {
                // Few distinct keys, so ties are common.
                let e = Keyed(key: Double(rng.next() % 7), id: id)
                h.push(e); reference.append(e)
                if rng.next() % 3 == 0, let top = h.pop() {
                    popped.append(top)
                    reference.sort { KeyThenID.precedes($0, $1) }
                    expected.append(reference.removeFirst())
                }
            }
            while let top = h.pop() { popped.append(top) }
            reference.sort { KeyThenID.precedes($0, $1) }
            expected += reference
            #expect(popped == expected, "round \(round)")
        }
    }

    @Test func clearKeepsTheHeapUsable() {
        var h = BinaryHeap<Ascending>(capacity: 4)
        for x in 0..<100 { h.push(100 - x) }
        h.clear()
        #expect(h.isEmpty && h.pop() == nil)
        h.reserveCapacity(10)
        h.push(2); h.push(1)
        #expect(h.pop() == 1 && h.pop() == 2 && h.pop() == nil)
    }
}
