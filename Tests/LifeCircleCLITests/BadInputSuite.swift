import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleProjection
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Ordinary mistakes, tried as a new user would, against the real binary.
/// Every case runs in a fresh copy of a small fixture folder and must fail
/// with a one- or two-line message naming the file or field, and leave the
/// folder exactly as it was: every input and old output byte for byte, no
/// new output, no scratch.
@Suite(.requiresCLI) struct BadInputSuite {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// Arguments; `$DIR` is the case folder, `$CASE` its name.
        var args: [String]
        /// Text the error must contain (the file, field or option).
        var expect: [String]
        /// Files made before the run (old outputs, odd folders): path → contents.
        var before: [String: String] = [:]
        /// Folders made before the run.
        var folders: [String] = []
        /// Run from this subfolder of the case folder.
        var cwd: String? = nil
        var testDescription: String { name }
    }

    static let cov = [
        "coverage", "--network", "net.geojson", "--residents", "res.gpkg", "--weight", "pop", "--facilities", "fac.gpkg", "--category", "kind",
    ]
    static let part = ["grids", "partition", "--units", "units.gpkg", "--weight", "pop", "--grids", "4"]
    static let eval = ["grids", "evaluate", "--units", "units.gpkg", "--weight", "pop", "--assignment", "code"]
    static let rebal = ["grids", "rebalance", "--units", "units.gpkg", "--weight", "pop", "--assignment", "code"]
    static let parks = [
        "parks", "--residents", "res.gpkg", "--weight", "pop", "--green", "green.geojson", "--candidates", "cand.gpkg", "--count", "2",
    ]
    static let access = ["access"] + cov.dropFirst() + ["--catchment", "500"]
    static let site = ["site"] + cov.dropFirst() + ["--for", "school", "--radius", "300", "--candidates", "cand.gpkg", "--count", "1"]
    /// Each command with its main output flag, for the path classes.
    static let commands: [(name: String, args: [String], input: String)] = [
        ("coverage", cov, "res.gpkg"), ("grids partition", part, "units.gpkg"), ("grids evaluate", eval, "units.gpkg"),
        ("grids rebalance", rebal, "units.gpkg"), ("parks", parks, "cand.gpkg"), ("access", access, "res.gpkg"), ("site", site, "cand.gpkg"),
    ]
    static let longName = String(repeating: "x", count: 300) + ".gpkg"

    static let cases: [Case] = {
        var c: [Case] = []
        // 1. An input given as an output, in every spelling.
        let spellings: [(String, (String) -> String)] = [
            ("plain", { $0 }), ("./", { "./" + $0 }), ("absolute", { "$DIR/" + $0 }), ("../case/", { "../$CASE/" + $0 }),
            ("symlink", { "link-" + $0 }), ("hard link", { "hard-" + $0 }),
        ]
        for (label, spell) in spellings {
            c.append(Case(name: "convert onto its input (\(label))", args: ["convert", "units.gpkg", spell("units.gpkg")], expect: ["units.gpkg"]))
            for cmd in commands {
                c.append(
                    Case(
                        name: "\(cmd.name) --out is the \(cmd.input) input (\(label))", args: cmd.args + ["--out", spell(cmd.input)],
                        expect: [cmd.input, "--out"]))
            }
        }
        c += [
            Case(
                name: "coverage --summary is the facilities", args: cov + ["--out", "o.gpkg", "--summary", "fac.gpkg"],
                expect: ["fac.gpkg", "--summary"]),
            Case(
                name: "coverage --summary is the network", args: cov + ["--out", "o.gpkg", "--summary", "net.geojson"],
                expect: ["net.geojson", "--summary"]),
            Case(name: "coverage --out is the facilities", args: cov + ["--out", "./fac.gpkg"], expect: ["fac.gpkg"]),
            Case(
                name: "grids --summary is the units", args: part + ["--out", "g.gpkg", "--summary", "units.gpkg"],
                expect: ["units.gpkg", "--summary"]),
            Case(
                name: "grids --units-out is the units", args: part + ["--out", "g.geojson", "--units-out", "units.gpkg"],
                expect: ["units.gpkg", "--units-out"]),
            Case(
                name: "parks --summary is the green", args: parks + ["--out", "p.gpkg", "--summary", "green.geojson"],
                expect: ["green.geojson", "--summary"]),
            Case(name: "parks --out is the residents", args: parks + ["--out", "res.gpkg"], expect: ["res.gpkg"]),
            Case(
                name: "grids on a Shapefile, output its .dbf sidecar",
                args: ["grids", "partition", "--units", "u.shp", "--weight", "pop", "--grids", "4", "--out", "g.gpkg", "--summary", "u.dbf"],
                expect: ["u.dbf", "u.shp"]),
            Case(name: "convert a Shapefile onto itself", args: ["convert", "u.shp", "./u.shp"], expect: ["u.shp"]),
            Case(name: "convert into a folder holding the input", args: ["convert", "units.gpkg", "units.gpkg/x.gpkg"], expect: ["units.gpkg"]),
        ]
        // 2. Two outputs on one path.
        c += [
            Case(
                name: "coverage --out and --summary the same", args: cov + ["--out", "c.gpkg", "--summary", "c.gpkg"],
                expect: ["c.gpkg", "--summary"]),
            Case(
                name: "parks --out and --summary the same", args: parks + ["--out", "p.gpkg", "--summary", "./p.gpkg"],
                expect: ["p.gpkg", "--summary"]),
            Case(
                name: "grids --out and --summary the same", args: part + ["--out", "g.gpkg", "--summary", "$DIR/g.gpkg"],
                expect: ["g.gpkg", "--summary"]),
            Case(
                name: "grids --out and --units-out the same", args: part + ["--out", "g.geojson", "--units-out", "g.geojson"], expect: ["g.geojson"]),
            Case(
                name: "old output kept when --summary repeats it", args: cov + ["--out", "old.gpkg", "--summary", "old.gpkg"], expect: ["old.gpkg"],
                before: ["old.gpkg": "an older good output"]),
        ]
        // 3. Paths that cannot be written, each with an old output that must survive.
        for cmd in commands {
            let old = ["old.gpkg": "the previous \(cmd.name) output"]
            c += [
                Case(name: "\(cmd.name) --out in a missing folder", args: cmd.args + ["--out", "nope/o.gpkg"], expect: ["nope", "does not exist"]),
                Case(
                    name: "\(cmd.name) --summary in a missing folder keeps the old output",
                    args: cmd.args + ["--out", "old.gpkg", "--summary", "nope/s.json"],
                    expect: ["nope", "--summary"], before: old),
                Case(
                    name: "\(cmd.name) --summary is a folder keeps the old output", args: cmd.args + ["--out", "old.gpkg", "--summary", "sdir"],
                    expect: ["sdir", "folder"], before: old, folders: ["sdir"]),
                Case(
                    name: "\(cmd.name) --out is a folder", args: cmd.args + ["--out", "odir.gpkg"], expect: ["odir.gpkg", "folder"],
                    folders: ["odir.gpkg"]),
                Case(name: "\(cmd.name) --out name too long", args: cmd.args + ["--out", longName], expect: ["too long"]),
                Case(name: "\(cmd.name) --out under a file", args: cmd.args + ["--out", "fac.gpkg/o.gpkg"], expect: ["fac.gpkg", "not a folder"]),
            ]
        }
        c += [
            Case(name: "convert into a missing folder", args: ["convert", "units.gpkg", "nope/u.gpkg"], expect: ["nope", "does not exist"]),
            Case(
                name: "convert onto a folder", args: ["convert", "units.gpkg", "odir.gpkg"], expect: ["odir.gpkg", "folder"], folders: ["odir.gpkg"]),
            Case(name: "convert name too long", args: ["convert", "units.gpkg", longName], expect: ["too long"]),
            Case(name: "convert to an unknown format", args: ["convert", "units.gpkg", "u.xyz"], expect: ["u.xyz"]),
        ]
        // 4. Run folders are never wiped.
        c += [
            Case(name: "run --out . (the study's folder)", args: ["run", "study.yaml", "--out", ".", "--quiet"], expect: ["study.yaml", "--out"]),
            Case(name: "run --out the study folder, absolute", args: ["run", "study.yaml", "--out", "$DIR", "--quiet"], expect: ["study.yaml"]),
            Case(name: "run --out a parent of the study", args: ["run", "study.yaml", "--out", "..", "--quiet"], expect: ["study.yaml"]),
            Case(
                name: "run --out a folder of someone's notes", args: ["run", "study.yaml", "--out", "notes", "--quiet"],
                expect: ["notes", "n.txt", "new folder"],
                before: ["notes/n.txt": "my notes"]),
            Case(
                name: "run --out a file", args: ["run", "study.yaml", "--out", "fac.gpkg", "--quiet"], expect: ["fac.gpkg"]),
            Case(
                name: "run from a subfolder, --out ..", args: ["run", "../study.yaml", "--out", "..", "--quiet"], expect: ["study.yaml"],
                folders: ["sub"],
                cwd: "sub"),
            Case(
                name: "demo --out a folder of someone's notes", args: ["demo", "--out", "notes", "--quiet"], expect: ["notes", "n.txt"],
                before: ["notes/n.txt": "my notes"]),
            Case(name: "demo --out .", args: ["demo", "--out", ".", "--quiet"], expect: ["--out"]),
        ]
        // 5. Numbers: the same weight rule in coverage, grids and parks.
        let weighted: [(String, [String], String)] = [
            (
                "coverage", ["coverage", "--network", "net.geojson", "--residents", "res.geojson", "--facilities", "fac.gpkg", "--category", "kind"],
                "res.geojson"
            ),
            ("grids", ["grids", "partition", "--units", "units.geojson", "--grids", "4"], "units.geojson"),
            (
                "parks", ["parks", "--residents", "res.geojson", "--green", "green.geojson", "--candidates", "cand.gpkg", "--count", "2"],
                "res.geojson"
            ),
        ]
        for (name, args, file) in weighted {
            for (field, words) in [("big", "1e12"), ("huge", "1e12"), ("neg", "negative"), ("zero", "0")] {
                c.append(Case(name: "\(name) weights \(field)", args: args + ["--weight", field, "--out", "o.gpkg"], expect: [file, field, words]))
            }
            c.append(Case(name: "\(name) weight field missing", args: args + ["--weight", "nope", "--out", "o.gpkg"], expect: ["nope"]))
        }
        c += [
            Case(
                name: "grids partition 1e308 weights, 8 grids",
                args: ["grids", "partition", "--units", "units.geojson", "--weight", "big", "--grids", "8", "--out", "g.gpkg"], expect: ["big"]),
            Case(
                name: "grids --target far below the weights",
                args: ["grids", "partition", "--units", "units.gpkg", "--weight", "pop", "--target", "1e-300:1e-299", "--out", "g.gpkg"],
                expect: ["target"]),
        ]
        // 6. Degrees taken for metres, silent guesses, errors a planner can act on.
        c += [
            Case(name: "coverage --crs EPSG:4326", args: cov + ["--crs", "EPSG:4326", "--out", "o.gpkg"], expect: ["EPSG:4326", "--crs"]),
            Case(name: "parks --crs EPSG:4326", args: parks + ["--crs", "EPSG:4326", "--out", "o.gpkg"], expect: ["--crs"]),
            Case(name: "grids --crs EPSG:4490", args: part + ["--crs", "EPSG:4490", "--out", "o.gpkg"], expect: ["--crs"]),
            Case(
                name: "coverage network of polygons",
                args: [
                    "coverage", "--network", "units.gpkg", "--residents", "res.gpkg", "--facilities", "fac.gpkg", "--category", "kind", "--out",
                    "o.gpkg",
                ], expect: ["units.gpkg"]),
            Case(
                name: "coverage residents missing",
                args: [
                    "coverage", "--network", "net.geojson", "--residents", "nores.gpkg", "--facilities", "fac.gpkg", "--category", "kind", "--out",
                    "o.gpkg",
                ], expect: ["nores.gpkg"]),
            Case(
                name: "coverage empty residents after filter", args: cov + ["--residents-filter", "pop < 0", "--out", "o.gpkg"], expect: ["res.gpkg"]),
            Case(
                name: "coverage category field missing",
                args: [
                    "coverage", "--network", "net.geojson", "--residents", "res.gpkg", "--facilities", "fac.gpkg", "--category", "nokind", "--out",
                    "o.gpkg",
                ], expect: ["nokind"]),
            Case(name: "coverage negative tier", args: cov + ["--tiers=-5", "--out", "o.gpkg"], expect: ["tiers"]),
            Case(name: "coverage category map without =", args: cov + ["--category-map", "=", "--out", "o.gpkg"], expect: ["--category-map"]),
            Case(name: "grids unknown nest field", args: part + ["--nest", "nonest", "--out", "o.gpkg"], expect: ["nonest"]),
            Case(
                name: "grids evaluate unknown assignment field",
                args: ["grids", "evaluate", "--units", "units.gpkg", "--weight", "pop", "--assignment", "nocol", "--out", "o.gpkg"], expect: ["nocol"]
            ),
            Case(
                name: "grids evaluate with every code NULL",
                args: ["grids", "evaluate", "--units", "units.gpkg", "--weight", "pop", "--assignment", "nocode", "--out", "o.gpkg"],
                expect: ["nocode", "empty"]),
            Case(
                name: "grids rebalance with every code NULL",
                args: ["grids", "rebalance", "--units", "units.gpkg", "--weight", "pop", "--assignment", "nocode", "--out", "o.gpkg"],
                expect: ["nocode"]),
            Case(name: "grids tolerance 2", args: part + ["--tolerance", "2", "--out", "o.gpkg"], expect: ["--tolerance"]),
            Case(
                name: "parks count 0",
                args: [
                    "parks", "--residents", "res.gpkg", "--green", "green.geojson", "--candidates", "cand.gpkg", "--count", "0", "--out", "o.gpkg",
                ], expect: ["--count"]),
            Case(
                name: "parks candidates missing",
                args: [
                    "parks", "--residents", "res.gpkg", "--green", "green.geojson", "--candidates", "nocand.gpkg", "--count", "2", "--out", "o.gpkg",
                ], expect: ["nocand.gpkg"]),
            Case(name: "inspect a missing file", args: ["inspect", "nothing.gpkg"], expect: ["nothing.gpkg"]),
            Case(name: "inspect an unknown layer", args: ["inspect", "units.gpkg", "--layer", "nolayer"], expect: ["nolayer"]),
            Case(name: "inspect a text file", args: ["inspect", "notes.txt"], expect: ["notes.txt"], before: ["notes.txt": "just words"]),
            Case(name: "convert an unknown layer", args: ["convert", "units.gpkg", "o.gpkg", "--layer", "nolayer"], expect: ["nolayer"]),
            Case(name: "convert a missing input", args: ["convert", "none.gpkg", "o.gpkg"], expect: ["none.gpkg"]),
            Case(name: "run a missing study", args: ["run", "nostudy.yaml", "--quiet"], expect: ["nostudy.yaml"]),
            Case(
                name: "run a study indented with a tab", args: ["run", "tab.yaml", "--out", "r", "--quiet"], expect: ["tab.yaml", "tab"],
                before: ["tab.yaml": "study:\n\tname: x\n"]),
            Case(
                name: "run a study with a typo'd key", args: ["run", "typo.yaml", "--out", "r", "--quiet"], expect: ["typo.yaml", "max_snap"],
                before: [
                    "typo.yaml":
                        "inputs:\n  roads: {path: net.geojson}\n  homes: {path: res.gpkg}\n  pois: {path: fac.gpkg}\ncoverage:\n  network: roads\n  residents: homes\n  facilities: pois\n  category: kind\n  max_snapp: 10\n"
                ]),
            Case(
                name: "run a study whose input is missing", args: ["run", "gone.yaml", "--out", "r", "--quiet"],
                expect: ["gone.yaml", "nofile.gpkg"],
                before: [
                    "gone.yaml":
                        "inputs:\n  homes: {path: nofile.gpkg}\n  pois: {path: fac.gpkg}\ncoverage:\n  metric: euclidean\n  residents: homes\n  facilities: pois\n  category: kind\n"
                ]),
            Case(
                // The input's own key and line, not a command flag: a study has no --filter.
                name: "run a study whose input filter names an unknown column", args: ["run", "badfilter.yaml", "--out", "r", "--quiet"],
                expect: ["badfilter.yaml:2:", "input 'homes'", "'nosuch'", "correct filter:"],
                before: [
                    "badfilter.yaml":
                        "inputs:\n  homes: {path: res.gpkg, filter: \"nosuch = 4\"}\n  pois: {path: fac.gpkg}\ncoverage:\n  metric: euclidean\n  residents: homes\n  facilities: pois\n  category: kind\n"
                ]),
        ]
        // 7. No silent guesses: which layer, a folder, an empty layer, a filter typo, a truncated file.
        c += [
            Case(
                name: "coverage residents in a multi-layer GeoPackage, no layer",
                args: cov.map { $0 == "res.gpkg" ? "multi.gpkg" : $0 } + ["--out", "o.gpkg"],
                expect: ["multi.gpkg", "3 layers", "'poi'", "'roads'", "--residents-layer"]),
            Case(
                name: "coverage network in a GeoPackage without lines",
                args: cov.map { $0 == "net.geojson" ? "nolines.gpkg" : $0 } + ["--out", "o.gpkg"],
                expect: ["nolines.gpkg", "holds lines", "--network-layer"]),
            Case(
                name: "grids units in a multi-layer GeoPackage, no layer",
                args: ["grids", "partition", "--units", "multi.gpkg", "--grids", "2", "--out", "o.gpkg"], expect: ["multi.gpkg"]),
            Case(
                name: "coverage facilities a folder of Shapefiles", args: cov.map { $0 == "fac.gpkg" ? "shapes" : $0 } + ["--out", "o.gpkg"],
                expect: ["shapes", "folder of 2 Shapefiles", "shapes/parks.shp"]),
            Case(
                name: "parks green a folder of Shapefiles", args: parks.map { $0 == "green.geojson" ? "shapes" : $0 } + ["--out", "o.gpkg"],
                expect: ["shapes", "not a layer"]),
            Case(
                name: "coverage facilities layer empty", args: cov.map { $0 == "fac.gpkg" ? "empty.gpkg" : $0 } + ["--out", "o.gpkg"],
                expect: ["empty.gpkg layer 'poi' is empty", "--facilities"]),
            Case(
                name: "coverage facilities filter names an unknown column",
                args: cov + ["--facilities-filter", "kindd = 'school'", "--out", "o.gpkg"],
                expect: ["fac.gpkg", "unknown column 'kindd'", "kind", "--facilities-filter"]),
            Case(
                name: "grids units filter names an unknown column", args: part + ["--units-filter", "popp > 10", "--out", "o.gpkg"],
                expect: ["units.gpkg", "popp", "--units-filter"]),
            Case(
                name: "access residents filter keeps nothing", args: access + ["--residents-filter", "pop < 0", "--out", "o.gpkg"],
                expect: ["res.gpkg", "no feature matches", "--residents-filter"]),
            Case(
                name: "coverage residents GeoPackage cut in half", args: cov.map { $0 == "res.gpkg" ? "cut.gpkg" : $0 } + ["--out", "o.gpkg"],
                expect: ["cut.gpkg"]),
            Case(
                name: "coverage network PBF cut in half", args: cov.map { $0 == "net.geojson" ? "cut.osm.pbf" : $0 } + ["--out", "o.gpkg"],
                expect: ["cut.osm.pbf"]),
            Case(name: "inspect a PBF cut in half", args: ["inspect", "cut.osm.pbf"], expect: ["cut.osm.pbf", "incomplete", "fetch it again"]),
            Case(
                name: "coverage facilities a .geojson holding OSM XML",
                args: cov.map { $0 == "fac.gpkg" ? "osm.geojson" : $0 } + ["--out", "o.gpkg"],
                expect: ["osm.geojson", "not a vector dataset"],
                before: ["osm.geojson": "<osm version=\"0.6\"><node id=\"1\" lat=\"1\" lon=\"2\"/></osm>"]),
            Case(
                name: "grids units with a self-intersecting polygon",
                args: ["grids", "partition", "--units", "bowtie.geojson", "--weight", "pop", "--grids", "2", "--out", "o.gpkg"],
                expect: ["bowtie.geojson", "fid", "Self-intersection", "--make-valid"]),
            Case(
                name: "site --grid-spacing far too fine",
                args: ["site"] + cov.dropFirst() + [
                    "--for", "school", "--radius", "300", "--grid-spacing", "1e-300", "--count", "1", "--out", "o.gpkg",
                ],
                expect: ["--grid-spacing", "too fine"]),
        ]
        return c
    }()

    @Test func enoughCases() { #expect(Self.cases.count >= 80, "\(Self.cases.count) cases") }

    @Test(arguments: cases) func refused(_ c: Case) throws {
        let dir = try Fixture.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in c.folders { try FileManager.default.createDirectory(at: dir.appendingPathComponent(f), withIntermediateDirectories: true) }
        for (path, text) in c.before {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let snapshot = try Fixture.snapshot(dir)
        let args = c.args.map { $0.replacingOccurrences(of: "$DIR", with: dir.path).replacingOccurrences(of: "$CASE", with: dir.lastPathComponent) }
        let r = try CLI.run(args, in: c.cwd.map { dir.appendingPathComponent($0) } ?? dir)
        #expect(r.status != 0, "\(c.name): exit 0\n\(r.stderr)")
        let lines = Fixture.errorLines(r.stderr)
        #expect((1...2).contains(lines.count), "\(c.name): \(lines.count) lines:\n\(r.stderr)")
        for word in c.expect { #expect(r.stderr.contains(word), "\(c.name): no '\(word)' in:\n\(r.stderr)") }
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("NSError"), "\(c.name):\n\(r.stderr)")
        // Inputs and old outputs byte for byte; nothing new, no scratch.
        let after = try Fixture.snapshot(dir)
        #expect(
            after.keys.sorted() == snapshot.keys.sorted(), "\(c.name): files changed: \(Set(after.keys).symmetricDifference(snapshot.keys).sorted())")
        for (path, data) in snapshot where after[path] != data { Issue.record("\(c.name): \(path) was modified") }
    }

    /// Ctrl-C during a long coverage or access run (the Wuhan network) and
    /// during a study run: the scratch goes, the old output stays.
    @Test(.requiresSharedData, arguments: ["coverage", "access", "run"]) func interrupted(_ kind: String) throws {
        let dir = try Fixture.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wuhan = TestData.shared("wuhan/wuhan_streets.gpkg")
        let args: [String]
        if kind == "coverage" || kind == "access" {
            try "old \(kind)".write(to: dir.appendingPathComponent("old.gpkg"), atomically: true, encoding: .utf8)
            args = [
                kind, "--network", wuhan, "--residents", "res.gpkg", "--facilities", "fac.gpkg", "--category", "kind", "--out", "old.gpkg",
                "--summary", "s.json",
            ]
        } else {
            let study = try String(contentsOf: dir.appendingPathComponent("study.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "{path: net.geojson}", with: "{path: \(wuhan)}")
            try study.write(to: dir.appendingPathComponent("wuhan.yaml"), atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("r"), withIntermediateDirectories: true)
            try "LifeCircle run folder: old\n".write(to: dir.appendingPathComponent("r/.lifecircle-run"), atomically: true, encoding: .utf8)
            try "old summary".write(to: dir.appendingPathComponent("r/summary.json"), atomically: true, encoding: .utf8)
            args = ["run", "wuhan.yaml", "--out", "r", "--quiet"]
        }
        let snapshot = try Fixture.snapshot(dir)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Interrupted once its scratch exists (the run lasts about 3 s; a loaded machine starts it later).
        var scratchSeen = false
        let deadline = Date().addingTimeInterval(30)
        while !scratchSeen && p.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            scratchSeen = try Fixture.snapshot(dir, hidden: true).keys.contains { $0.contains(".lifecircle-staging-") || $0.contains(".partial") }
        }
        Thread.sleep(forTimeInterval: 0.3)
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        #expect(p.terminationStatus == 130, "exit \(p.terminationStatus)")
        #expect(scratchSeen, "no scratch folder was seen during the run")
        let after = try Fixture.snapshot(dir, hidden: true)
        #expect(
            !after.keys.contains { $0.contains(".lifecircle-") && !$0.hasSuffix("r/.lifecircle-run") || $0.contains(".partial") },
            "\(after.keys.sorted())")
        let visible = try Fixture.snapshot(dir)
        #expect(visible == snapshot, "\(Set(visible.keys).symmetricDifference(snapshot.keys).sorted())")
    }

    /// A scratch folder left by a killed process is removed by the next run there.
    @Test func deadScratchIsSwept() throws {
        let dir = try Fixture.copy()
        defer { try? FileManager.default.removeItem(at: dir) }
        // pid 2^22+1 is above Linux's default pid_max: no such process.
        let stale = dir.appendingPathComponent(".lifecircle-staging-4194305-abc")
        try FileManager.default.createDirectory(at: stale, withIntermediateDirectories: true)
        let r = try CLI.run(Self.part + ["--out", "g.gpkg"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}

extension Fixture {
    /// A GeoPackage with point, line and polygon layers, one without lines, an
    /// empty layer, a folder of two Shapefiles, a GeoPackage and a PBF cut in
    /// half, and units with a bow-tie polygon.
    static func makeSilentGuessInputs(_ dir: URL, x0: Double, y0: Double) throws {
        let utm = try CRS.parse("EPSG:32650")
        let poi = OutputLayer(
            name: "poi", geometries: [.point(Coordinate(x0 + 200, y0 + 200)), .point(Coordinate(x0 + 600, y0 + 600))],
            columns: [Column(name: "kind", strings: ["school", "clinic"])], crs: utm)
        let roads = OutputLayer(
            name: "roads", geometries: [.lineString([Coordinate(x0, y0), Coordinate(x0 + 800, y0)])],
            columns: [Column(name: "highway", strings: ["residential"])], crs: utm)
        func square(_ x: Double, _ y: Double, _ s: Double) -> GeometryValue {
            .polygon([[Coordinate(x, y), Coordinate(x + s, y), Coordinate(x + s, y + s), Coordinate(x, y + s), Coordinate(x, y)]])
        }
        let parks = OutputLayer(
            name: "parks", geometries: [square(x0 + 100, y0 + 100, 80)],
            columns: [Column(name: "name", strings: ["p"]), Column(name: "pop", integers: [Int64(5)])],
            crs: utm)
        try VectorWriter.write([poi, roads, parks], to: dir.appendingPathComponent("multi.gpkg").path)
        try VectorWriter.write([poi, parks], to: dir.appendingPathComponent("nolines.gpkg").path)
        try VectorWriter.write(
            [OutputLayer(name: "poi", geometries: [], columns: [Column(name: "kind", strings: [])], crs: utm)],
            to: dir.appendingPathComponent("empty.gpkg").path)
        let shapes = dir.appendingPathComponent("shapes")
        try FileManager.default.createDirectory(at: shapes, withIntermediateDirectories: true)
        try VectorWriter.write([poi], to: shapes.appendingPathComponent("poi.shp").path)
        try VectorWriter.write([parks], to: shapes.appendingPathComponent("parks.shp").path)
        let res = try Data(contentsOf: dir.appendingPathComponent("res.gpkg"))
        try res.prefix(res.count / 2).write(to: dir.appendingPathComponent("cut.gpkg"))
        let pbf = try Data(contentsOf: URL(fileURLWithPath: TestData.helsinkiPBF))
        try pbf.prefix(pbf.count / 2).write(to: dir.appendingPathComponent("cut.osm.pbf"))
        // Four units in a row; the third is a bow-tie (its ring crosses itself).
        var units: [GeometryValue] = (0..<4).map { square(x0 + 100 * Double($0), y0, 100) }
        let bx = x0 + 200
        units[2] = .polygon([
            [Coordinate(bx, y0), Coordinate(bx + 100, y0 + 100), Coordinate(bx + 100, y0), Coordinate(bx, y0 + 100), Coordinate(bx, y0)]
        ])
        try VectorWriter.write(
            [OutputLayer(name: "bowtie", geometries: units, columns: [Column(name: "pop", integers: [Int64(10), 20, 30, 40])], crs: utm)],
            to: dir.appendingPathComponent("bowtie.geojson").path)
    }
}

/// The fixture: a 8×8 block of 100 m units in UTM 50N with residents,
/// facilities, a street grid, green space and candidate plots, made once per
/// test process and copied for each case.
enum Fixture {
    static let base: Result<URL, Error> = Result { try make() }

    static func copy() throws -> URL {
        let src = try base.get()
        let dst = try TestData.temporaryFolder("bad")
        try FileManager.default.removeItem(at: dst)
        try FileManager.default.copyItem(at: src, to: dst)
        // Links made per copy so they point inside it.
        for name in ["units.gpkg", "res.gpkg", "cand.gpkg"] {
            try FileManager.default.createSymbolicLink(atPath: dst.appendingPathComponent("link-" + name).path, withDestinationPath: name)
            try FileManager.default.linkItem(at: dst.appendingPathComponent(name), to: dst.appendingPathComponent("hard-" + name))
        }
        return dst
    }

    /// Every file under `dir` (relative path → bytes); hidden ones on request.
    static func snapshot(_ dir: URL, hidden: Bool = false) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: dir.path) else { return out }
        while let rel = e.nextObject() as? String {
            if !hidden && rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                // Hidden entries still count: a scratch folder is a failure.
                if rel.contains(".lifecircle-staging-") || rel.contains(".partial") || rel.contains(".lifecircle-tmp-") { out[rel] = Data() }
                continue
            }
            let url = dir.appendingPathComponent(rel)
            var isDir: ObjCBool = false
            _ = fm.fileExists(atPath: url.path, isDirectory: &isDir)
            out[rel] = isDir.boolValue ? Data("<folder>".utf8) : (try? Data(contentsOf: url)) ?? Data("<unreadable>".utf8)
        }
        return out
    }

    /// The error lines of stderr (progress and warnings left out).
    static func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { !$0.hasPrefix("▸") && !$0.hasPrefix("warning:") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    static func make() throws -> URL {
        let dir = try TestData.temporaryFolder("badfixture")
        let x0 = 500_000.0, y0 = 3_400_000.0, s = 100.0, n = 8
        func fc(_ features: [String]) -> String {
            "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::32650\"}},\"features\":[\(features.joined(separator: ","))]}"
        }
        func square(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> String {
            "{\"type\":\"Polygon\",\"coordinates\":[[[\(x + a),\(y + a)],[\(x + b),\(y + a)],[\(x + b),\(y + b)],[\(x + a),\(y + b)],[\(x + a),\(y + a)]]]}"
        }
        var units: [String] = [], res: [String] = []
        for i in 0..<n {
            for j in 0..<n {
                let x = x0 + Double(i) * s, y = y0 + Double(j) * s
                let code = "G\(1 + (i >= n / 2 ? 1 : 0) + (j >= n / 2 ? 2 : 0))"
                let pop = 10 + (i * 7 + j * 3) % 20
                let first = i == 0 && j == 0
                let props =
                    "\"uid\":\(i * n + j),\"pop\":\(pop),\"code\":\"\(code)\",\"zero\":0,\"big\":1e308,\"neg\":\(first ? -3 : 1),\"huge\":\(first ? "1e13" : "5"),\"nocode\":null"
                units.append("{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":\(square(x, y, 0, s))}")
                res.append(
                    "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(x + s / 2),\(y + s / 2)]}}")
            }
        }
        let fac = [("school", 2, 2), ("clinic", 6, 6), ("school", 5, 1), ("clinic", 1, 6)].map { k, a, b in
            "{\"type\":\"Feature\",\"properties\":{\"kind\":\"\(k)\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\(x0 + Double(a) * s),\(y0 + Double(b) * s)]}}"
        }
        var net: [String] = []
        let far = Double(n) * s
        for i in 0...n {
            let d = Double(i) * s
            for line in ["[[\(x0 + d),\(y0)],[\(x0 + d),\(y0 + far)]]", "[[\(x0),\(y0 + d)],[\(x0 + far),\(y0 + d)]]"] {
                net.append(
                    "{\"type\":\"Feature\",\"properties\":{\"highway\":\"residential\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":\(line)}}"
                )
            }
        }
        let green = ["{\"type\":\"Feature\",\"properties\":{\"name\":\"g\"},\"geometry\":\(square(x0, y0, 10, 90))}"]
        let cand = [(3, 3), (6, 2), (2, 6), (5, 5)].enumerated().map { k, ab in
            "{\"type\":\"Feature\",\"properties\":{\"cid\":\(k)},\"geometry\":\(square(x0 + Double(ab.0) * s, y0 + Double(ab.1) * s, 20, 80))}"
        }
        for (name, features) in [("units", units), ("res", res), ("fac", fac), ("net", net), ("green", green), ("cand", cand)] {
            try fc(features).write(to: dir.appendingPathComponent("\(name).geojson"), atomically: true, encoding: .utf8)
        }
        for (from, to) in [
            ("units.geojson", "units.gpkg"), ("res.geojson", "res.gpkg"), ("fac.geojson", "fac.gpkg"), ("cand.geojson", "cand.gpkg"),
            ("units.geojson", "u.shp"),
        ] {
            let r = try CLI.run(["convert", from, to], in: dir)
            guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "fixture: \(r.stderr)"]) }
        }
        try makeSilentGuessInputs(dir, x0: x0, y0: y0)
        try """
        study:
          name: fixture
          lang: en
        inputs:
          roads: {path: net.geojson}
          homes: {path: res.gpkg}
          pois: {path: fac.gpkg}
        coverage:
          network: roads
          residents: homes
          weight: pop
          facilities: pois
          category: kind
        """.write(to: dir.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
        return dir
    }
}
