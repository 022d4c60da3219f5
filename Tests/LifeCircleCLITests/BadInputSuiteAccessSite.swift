import Foundation
import TestSupport
import Testing

/// Bad input to `access` and `site` (issue #15, requirement 4), checked as
/// `BadInputSuite` checks every case: a one- or two-line error naming the
/// file, field or flag, a non-zero exit, the folder left exactly as it was.
@Suite(.requiresCLI) struct BadInputSuiteAccessSite {
    typealias Case = BadInputSuite.Case

    static let access = [
        "access", "--metric", "euclidean", "--residents", "res.gpkg", "--weight", "pop", "--facilities", "fac.gpkg", "--category", "kind",
        "--catchment", "500",
    ]
    static let site = [
        "site", "--metric", "euclidean", "--residents", "res.gpkg", "--weight", "pop", "--facilities", "fac.gpkg", "--category", "kind", "--for",
        "clinic", "--candidates", "cand.gpkg", "--count", "2",
    ]
    /// Facilities with a capacity column: one negative, one empty.
    static let capacities =
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32650\"}},\"features\":["
        + "{\"type\":\"Feature\",\"properties\":{\"kind\":\"clinic\",\"beds\":-3},\"geometry\":{\"type\":\"Point\",\"coordinates\":[500100,3400100]}},"
        + "{\"type\":\"Feature\",\"properties\":{\"kind\":\"clinic\",\"beds\":12},\"geometry\":{\"type\":\"Point\",\"coordinates\":[500300,3400100]}}]}"

    static let cases: [Case] = [
        Case(
            name: "access --capacity field missing", args: access + ["--capacity", "nope", "--out", "o.gpkg"],
            expect: ["fac.gpkg", "nope", "--capacity"]),
        Case(
            name: "access --capacity not numeric", args: access + ["--capacity", "kind", "--out", "o.gpkg"], expect: ["fac.gpkg", "kind", "numeric"]),
        Case(
            name: "access --capacity negative",
            args: Array(access.prefix(8)) + ["caps.geojson", "--category", "kind", "--catchment", "500"]
                + ["--capacity", "beds", "--out", "o.gpkg"], expect: ["negative", "--capacity"], before: ["caps.geojson": capacities]),
        Case(name: "access --capacity empty name", args: access + ["--capacity", " ", "--out", "o.gpkg"], expect: ["--capacity"]),
        Case(name: "site --capacity 0", args: site + ["--capacity", "0", "--out", "o.gpkg"], expect: ["--capacity", "positive"]),
        Case(name: "site --capacity negative", args: site + ["--capacity=-5", "--out", "o.gpkg"], expect: ["--capacity", "positive"]),
        Case(name: "site --for an unknown category", args: site + ["--for", "spa", "--out", "o.gpkg"], expect: ["spa", "--for"]),
        Case(name: "site --count 0", args: site + ["--count", "0", "--out", "o.gpkg"], expect: ["--count"]),
        Case(name: "site --node-limit 0", args: site + ["--node-limit", "0", "--out", "o.gpkg"], expect: ["--node-limit"]),
        Case(
            name: "site --buildings without --land", args: site + ["--buildings", "units.gpkg", "--out", "o.gpkg"], expect: ["--buildings", "--land"]),
        Case(name: "site --land and --candidates", args: site + ["--land", "units.gpkg", "--out", "o.gpkg"], expect: ["--land"]),
        Case(
            name: "site --land --min-area negative",
            args: Array(site.dropLast(4)) + ["--count", "2", "--land", "units.gpkg", "--min-area=-1", "--out", "o.gpkg"], expect: ["--min-area"]),
    ]

    @Test(arguments: cases) func refused(_ c: Case) throws { try BadInputSuite().refused(c) }
}
