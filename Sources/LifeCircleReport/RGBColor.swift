import Foundation

/// An sRGB colour, 0–255 per channel, as the report and QGIS styles need it.
public struct RGBColor: Sendable, Hashable, CustomStringConvertible {
    public var r: UInt8, g: UInt8, b: UInt8
    /// 0–255.
    public var alpha: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, alpha: UInt8 = 255) {
        self.r = r; self.g = g; self.b = b; self.alpha = alpha
    }

    /// Parses "#rgb", "#rrggbb" or "#rrggbbaa" (with or without '#').
    public init?(hex: String) {
        var s = hex.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("#") { s.removeFirst() }
        if s.count == 3 { s = s.map { "\($0)\($0)" }.joined() }
        guard s.count == 6 || s.count == 8, let v = UInt64(s, radix: 16) else { return nil }
        if s.count == 6 {
            self.init(UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff))
        } else {
            self.init(UInt8((v >> 24) & 0xff), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), alpha: UInt8(v & 0xff))
        }
    }

    /// "#rrggbb" (alpha dropped).
    public var hex: String { String(format: "#%02x%02x%02x", r, g, b) }
    /// QGIS QML colour: "r,g,b,a".
    public var qgis: String { "\(r),\(g),\(b),\(alpha)" }
    public var description: String { hex }

    /// Linear blend in sRGB: t = 0 gives self, 1 gives `other`.
    public func mixed(with other: RGBColor, _ t: Double) -> RGBColor {
        let u = min(max(t, 0), 1)
        func ch(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * u).rounded()) }
        return RGBColor(ch(r, other.r), ch(g, other.g), ch(b, other.b), alpha: ch(alpha, other.alpha))
    }

    /// WCAG relative luminance, to pick dark or light text over a fill.
    public var luminance: Double {
        func lin(_ c: UInt8) -> Double {
            let s = Double(c) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
}
