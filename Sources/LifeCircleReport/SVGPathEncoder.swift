/// Writes SVG path data from points in tenths of a pixel: an absolute move,
/// then relative line-tos (short numbers, no accumulated error since the
/// deltas are between already-rounded integers).
struct SVGPathEncoder {
    var d = ""
    private var lastWasNumber = false

    /// Appends tenths as a decimal: 123 -> "12.3", 120 -> "12", -5 -> "-0.5".
    static func decimal(_ t: Int) -> String {
        let a = abs(t)
        let s = a % 10 == 0 ? String(a / 10) : "\(a / 10).\(a % 10)"
        return t < 0 ? "-" + s : s
    }

    private mutating func number(_ t: Int) {
        let s = Self.decimal(t)
        // A minus sign separates numbers by itself.
        if lastWasNumber && !s.hasPrefix("-") { d += " " }
        d += s
        lastWasNumber = true
    }

    private mutating func command(_ c: String) { d += c; lastWasNumber = false }

    /// One open or closed part.
    mutating func add(_ xs: [Int], _ ys: [Int], close: Bool) {
        guard let x0 = xs.first, let y0 = ys.first else { return }
        command("M"); number(x0); number(y0)
        // A closed ring's last point repeats the first: `z` draws that edge.
        let end = close && xs.count > 1 && xs[xs.count - 1] == x0 && ys[ys.count - 1] == y0 ? xs.count - 1 : xs.count
        if end > 1 {
            command("l")
            for i in 1..<end { number(xs[i] - xs[i - 1]); number(ys[i] - ys[i - 1]) }
        }
        if close { command("z") }
    }
}
