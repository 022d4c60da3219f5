import LifeCircleGeometry

/// Open-addressing hash map from an exact coordinate to a dense Int32 id.
/// Faster than `Dictionary<Coordinate, Int>` for the graph build because it
/// hashes the raw bit patterns with one multiply and never allocates per key.
/// -0.0 is folded into +0.0 so that the two compare equal, as `==` does.
struct CoordinateTable {
    private var keyX: [UInt64]
    private var keyY: [UInt64]
    private var ids: [Int32]
    private var mask: Int
    private(set) var count: Int = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keyX = [UInt64](repeating: 0, count: size)
        keyY = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always) private static func bits(_ c: Coordinate) -> (UInt64, UInt64) {
        ((c.x + 0.0).bitPattern, (c.y + 0.0).bitPattern)
    }

    @inline(__always) private static func hash(_ x: UInt64, _ y: UInt64) -> Int {
        var h = x &* 0x9E37_79B9_7F4A_7C15 ^ (y &* 0xC2B2_AE3D_27D4_EB4F)
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    /// The id of `c`, inserting it with id `count` if new.
    mutating func idInserting(_ c: Coordinate) -> (id: Int32, inserted: Bool) {
        if count * 2 >= ids.count { grow() }
        let (x, y) = Self.bits(c)
        var i = Self.hash(x, y) & mask
        while true {
            let id = ids[i]
            if id < 0 {
                keyX[i] = x; keyY[i] = y; ids[i] = Int32(count); count += 1
                return (ids[i], true)
            }
            if keyX[i] == x && keyY[i] == y { return (id, false) }
            i = (i + 1) & mask
        }
    }

    func id(of c: Coordinate) -> Int32? {
        let (x, y) = Self.bits(c)
        var i = Self.hash(x, y) & mask
        while true {
            let id = ids[i]
            if id < 0 { return nil }
            if keyX[i] == x && keyY[i] == y { return id }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let oldX = keyX, oldY = keyY, oldIds = ids
        let size = ids.count * 2
        keyX = [UInt64](repeating: 0, count: size)
        keyY = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: -1, count: size)
        mask = size - 1
        for j in 0..<oldIds.count where oldIds[j] >= 0 {
            var i = Self.hash(oldX[j], oldY[j]) & mask
            while ids[i] >= 0 { i = (i + 1) & mask }
            keyX[i] = oldX[j]; keyY[i] = oldY[j]; ids[i] = oldIds[j]
        }
    }
}
