/// Escaping for HTML/SVG text and attribute values.
enum Markup {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab/newline are not allowed in XML.
                if ch.value < 0x20 && ch != "\t" && ch != "\n" && ch != "\r" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A CSS colour safe to put in an attribute or style (no quotes, braces,
    /// semicolons or angle brackets); anything else becomes a neutral grey.
    static func color(_ s: String) -> String {
        let ok = s.unicodeScalars.allSatisfy { c in
            c.properties.isAlphabetic || ("0"..."9").contains(c) || "#(),. %-".unicodeScalars.contains(c)
        }
        return ok && !s.isEmpty ? s : "#888888"
    }

    /// Rough text width in em: CJK and full-width characters 1 em, others ~0.56 em.
    static func widthEm(_ s: String) -> Double {
        var w = 0.0
        for c in s.unicodeScalars { w += c.value >= 0x2E80 ? 1.0 : 0.56 }
        return w
    }
}
