import LifeCircleGeometry

/// Fits a study area in projected metres into an SVG view box: uniform scale,
/// centred, y flipped (north up), with a margin. Pixel positions are
/// quantised to 0.1 px (integers in tenths), which keeps files small and is
/// below anything visible on screen or paper.
public struct MapViewport: Sendable, Hashable {
    /// The world rectangle shown (metres).
    public let extent: Envelope
    /// Pixels per metre.
    public let scale: Double
    /// View box size of the map area (legend excluded), pixels.
    public let width: Double
    public let height: Double
    /// Pixel position of the extent's west and north edges.
    public let offsetX: Double
    public let offsetY: Double

    /// - Parameters: `width` of the view box; the height follows the extent's
    ///   shape, limited to `maxHeight` (a tall area then narrows) and at least `minHeight`.
    public init(extent: Envelope, width: Double = 1000, maxHeight: Double = 1300, minHeight: Double = 240, margin: Double = 24) {
        var e = extent.isEmpty ? Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1) : extent
        // A point or a line along an axis still needs an area to show: at least 100 m.
        let minSpan = 100.0
        if e.width < minSpan { let c = e.center.x; e.minX = c - max(e.width, minSpan) / 2; e.maxX = c + max(e.width, minSpan) / 2 }
        if e.height < minSpan { let c = e.center.y; e.minY = c - max(e.height, minSpan) / 2; e.maxY = c + max(e.height, minSpan) / 2 }
        let s = min((width - 2 * margin) / e.width, (maxHeight - 2 * margin) / e.height)
        let h = max(e.height * s + 2 * margin, minHeight)
        self.extent = e
        self.scale = s
        self.width = width
        self.height = (h * 10).rounded() / 10
        self.offsetX = (width - e.width * s) / 2
        self.offsetY = (h - e.height * s) / 2
    }

    /// Pixel position of a world coordinate (unquantised).
    @inlinable public func pixel(_ c: Coordinate) -> (x: Double, y: Double) {
        (offsetX + (c.x - extent.minX) * scale, offsetY + (extent.maxY - c.y) * scale)
    }

    /// Pixel position in tenths of a pixel, rounded.
    @inlinable public func tenths(_ c: Coordinate) -> (x: Int, y: Int) {
        let p = pixel(c)
        return (Int((p.x * 10).rounded()), Int((p.y * 10).rounded()))
    }

    /// The world rectangle covered by the whole view box (margins included).
    public var visibleWorld: Envelope {
        Envelope(
            minX: extent.minX - offsetX / scale, minY: extent.maxY - (height - offsetY) / scale,
            maxX: extent.minX + (width - offsetX) / scale, maxY: extent.maxY + offsetY / scale)
    }
}
