import Foundation

/// The one rule for resident and unit weights, shared by coverage, grids and
/// parks: a weight is a finite number from 0 to `maximum`; a column whose
/// weights are all 0 measures nothing. Values outside it would overflow sums
/// (1e308 + 1e308 = inf) or traps when counts are made of them.
public enum WeightRule {
    /// More than any city's residents per feature, with room for sums.
    public static let maximum = 1e12

    /// Refuses a weight that is not a number, is negative or absurdly large.
    /// `feature` counts from 1.
    public static func check(_ v: Double, field: String, feature: Int, label: String, key: String = "weight") throws {
        if v.isNaN || v.isInfinite || v < 0 || v > maximum {
            let why = v.isNaN ? "not a number" : v < 0 ? "negative" : "more than \(Int(maximum)) (1e12)"
            throw OptionError(
                key: key, "\(label): field '\(field)' is \(why) (\(v)) at feature \(feature)",
                fix: "weights are 0 to 1e12: fix the value, filter the feature out, or choose another {option}")
        }
    }

    /// Checks a column (nil values are left to the caller) and refuses one
    /// that is all 0.
    public static func check(_ values: [Double?], field: String, label: String, key: String = "weight") throws {
        var any = false
        for (i, v) in values.enumerated() {
            guard let v else { continue }
            try check(v, field: field, feature: i + 1, label: label, key: key)
            if v > 0 { any = true }
        }
        if !any && !values.isEmpty {
            throw OptionError(
                key: key, "\(label): every weight in '\(field)' is 0 or empty, so there is nothing to measure",
                fix: "fill the column or choose another {option}")
        }
    }
}
