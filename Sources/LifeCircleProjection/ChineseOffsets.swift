import Foundation
import LifeCircleGeometry

/// GCJ-02 and BD-09, the offset coordinate systems of Chinese web maps
/// (Amap/Gaode, Tencent, Google China; Baidu) and their POI exports.
/// Forward directions are the widely published formulas; inverses iterate
/// the forward formula to 1e-9° (≈0.1 mm). Outside the published "China"
/// rectangle every function is the identity, as the formulas define.
public enum ChineseOffsets {
    // Published constants: Krasovsky 1940 semi-major axis and eccentricity².
    static let a = 6378245.0
    static let ee = 0.00669342162296594323
    static let xPi = Double.pi * 3000.0 / 180.0
    static let tolerance = 1e-9
    static let maxIterations = 30

    /// The common "outside China" test: lon 72.004–137.8347, lat 0.8293–55.8271.
    @inlinable public static func isOutsideChina(_ c: Coordinate) -> Bool {
        !(c.x >= 72.004 && c.x <= 137.8347 && c.y >= 0.8293 && c.y <= 55.8271)
    }

    public static func wgs84ToGCJ02(_ c: Coordinate) -> Coordinate {
        isOutsideChina(c) ? c : gcjForward(c)
    }

    public static func gcj02ToWGS84(_ g: Coordinate) -> Coordinate {
        if isOutsideChina(g) { return g }
        // Fixed point: the offset changes by < 1e-2 per degree, so each step
        // gains > 2 digits; a few iterations reach 1e-9°.
        var w = g
        for _ in 0..<maxIterations {
            let f = gcjForward(w)
            let dx = f.x - g.x, dy = f.y - g.y
            w.x -= dx; w.y -= dy
            if abs(dx) < tolerance && abs(dy) < tolerance { break }
        }
        return w
    }

    public static func gcj02ToBD09(_ g: Coordinate) -> Coordinate {
        isOutsideChina(g) ? g : bdForward(g)
    }

    public static func bd09ToGCJ02(_ b: Coordinate) -> Coordinate {
        if isOutsideChina(b) { return b }
        // Start from the published approximate inverse, then iterate the forward.
        var g = bdApproximateInverse(b)
        for _ in 0..<maxIterations {
            let f = bdForward(g)
            let dx = f.x - b.x, dy = f.y - b.y
            g.x -= dx; g.y -= dy
            if abs(dx) < tolerance && abs(dy) < tolerance { break }
        }
        return g
    }

    public static func wgs84ToBD09(_ c: Coordinate) -> Coordinate {
        isOutsideChina(c) ? c : bdForward(gcjForward(c))
    }

    public static func bd09ToWGS84(_ b: Coordinate) -> Coordinate {
        if isOutsideChina(b) { return b }
        return gcj02ToWGS84(bd09ToGCJ02(b))
    }

    // MARK: Published formulas

    static func gcjForward(_ c: Coordinate) -> Coordinate {
        let x = c.x - 105.0, y = c.y - 35.0
        var dLat = transformLat(x, y)
        var dLon = transformLon(x, y)
        let radLat = c.y / 180.0 * Double.pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = magic.squareRoot()
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * Double.pi)
        dLon = (dLon * 180.0) / (a / sqrtMagic * cos(radLat) * Double.pi)
        return Coordinate(c.x + dLon, c.y + dLat)
    }

    static func transformLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * Double.pi) + 40.0 * sin(y / 3.0 * Double.pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * Double.pi) + 320.0 * sin(y * Double.pi / 30.0)) * 2.0 / 3.0
        return r
    }

    static func transformLon(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot()
        r += (20.0 * sin(6.0 * x * Double.pi) + 20.0 * sin(2.0 * x * Double.pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * Double.pi) + 40.0 * sin(x / 3.0 * Double.pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * Double.pi) + 300.0 * sin(x / 30.0 * Double.pi)) * 2.0 / 3.0
        return r
    }

    static func bdForward(_ g: Coordinate) -> Coordinate {
        let x = g.x, y = g.y
        let z = (x * x + y * y).squareRoot() + 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000003 * cos(x * xPi)
        return Coordinate(z * cos(theta) + 0.0065, z * sin(theta) + 0.006)
    }

    static func bdApproximateInverse(_ b: Coordinate) -> Coordinate {
        let x = b.x - 0.0065, y = b.y - 0.006
        let z = (x * x + y * y).squareRoot() - 0.00002 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000003 * cos(x * xPi)
        return Coordinate(z * cos(theta), z * sin(theta))
    }
}
