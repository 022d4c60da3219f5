/// The order of a `BinaryHeap`: `precedes(a, b)` is true when `a` must come
/// out before `b`. It should be a strict weak order; when it is a strict total
/// order (ties broken down to a unique key, e.g. an index), the pop sequence is
/// fully determined by the pushes, whatever the heap's internal layout.
///
/// A type rather than a closure so that the comparison is known at compile
/// time and inlined into the sift loops of every specialisation.
public protocol HeapOrder {
    associatedtype Element
    static func precedes(_ a: Element, _ b: Element) -> Bool
}

/// An array-backed binary heap whose top is the element that precedes all
/// others under `Order`. Everything is `@inlinable` so that callers in other
/// modules get a specialised heap (no witness-table calls in the hot loops).
public struct BinaryHeap<Order: HeapOrder> {
    public typealias Element = Order.Element

    @usableFromInline var items: [Element]

    /// An empty heap with room for `capacity` elements.
    @inlinable public init(capacity: Int = 0) {
        items = []
        items.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { items.count }
    @inlinable public var isEmpty: Bool { items.isEmpty }

    /// The element `pop()` would return, without removing it.
    @inlinable public var peek: Element? { items.first }

    @inlinable public mutating func reserveCapacity(_ n: Int) { items.reserveCapacity(n) }

    /// Removes every element and keeps the storage, so a heap reused across
    /// passes does not reallocate.
    @inlinable public mutating func clear() { items.removeAll(keepingCapacity: true) }

    /// Adds `e` (sift-up with a hole: one write per level instead of a swap).
    @inlinable public mutating func push(_ e: Element) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if !Order.precedes(e, items[p]) { break }
            items[i] = items[p]
            i = p
        }
        items[i] = e
    }

    /// Removes and returns the top element; nil when empty.
    @inlinable public mutating func pop() -> Element? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if items.isEmpty { return top }
        // Sift the former last element down from the root through a hole.
        var i = 0
        let m = items.count
        while true {
            let l = 2 * i + 1
            if l >= m { break }
            var c = l
            if l + 1 < m && Order.precedes(items[l + 1], items[l]) { c = l + 1 }
            if !Order.precedes(items[c], last) { break }
            items[i] = items[c]
            i = c
        }
        items[i] = last
        return top
    }
}

extension BinaryHeap: Sendable where Element: Sendable {}
