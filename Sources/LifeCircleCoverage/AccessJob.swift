import Foundation
import LifeCircleGeometry
import LifeCircleIO
import LifeCircleNetwork
import LifeCircleProjection

/// A whole `lifecircle access` run: coverage's inputs (read by
/// `CoverageJob.prepare`, so the same files, filters, presets and snapping),
/// a capacity per facility, floating-catchment access per category, the
/// GeoPackage and summary.json.
public struct AccessJob: Sendable {
    /// Residents, facilities, network, zones, preset, metric and snapping, as for coverage.
    public var inputs: CoverageJob
    /// Facility capacity column (beds, seats); nil = every facility supplies 1.
    public var capacityField: String?
    public var config: AccessConfig
    public var out: String?
    public var summary: String?

    public init(inputs: CoverageJob, capacityField: String? = nil, config: AccessConfig = AccessConfig()) {
        self.inputs = inputs; self.capacityField = capacityField; self.config = config
    }

    public func validate() throws {
        var inputs = self.inputs
        inputs.out = nil
        try inputs.validate()
        try config.validate()
        if let c = capacityField, c.trimmingCharacters(in: .whitespaces).isEmpty {
            throw OptionError(key: "capacity", "the capacity column name is empty", fix: "give {option} FIELD, e.g. {option} beds")
        }
        if let out, !out.lowercased().hasSuffix(".gpkg") {
            throw OptionError(key: "out", "\(out) is not a GeoPackage path", fix: "give an {option} path ending in .gpkg")
        }
        try OutputStaging.check(outputTargets, inputs: inputs.inputFiles)
    }

    /// The outputs, staged together (`OutputStaging`): both or neither.
    public var outputTargets: [OutputTarget] {
        [out.map { OutputTarget(key: "out", path: $0) }, summary.map { OutputTarget(key: "summary", path: $0) }].compactMap { $0 }
    }

    public func run(progress: (@Sendable (String) -> Void)? = nil) throws -> AccessResult {
        try validate()
        // Outputs are checked and staged before any input is read.
        let staging = try OutputStaging(outputTargets, inputs: self.inputs.inputFiles)
        var inputs = self.inputs
        inputs.config.metric = config.metric
        inputs.config.maxSnap = config.maxSnap
        let prepared = try inputs.prepare(progress: progress, capacityField: capacityField)
        var timings = prepared.timings
        progress?("access")
        var result = try AccessAnalysis.run(prepared.input, config)
        timings += result.summary.timingsS
        if let out = staging.path(for: "out") {
            progress?("write")
            let t0 = DispatchTime.now().uptimeNanoseconds
            try AccessOutput.write(result, input: prepared.input, crs: prepared.frame.crs, to: out)
            timings.append(StageTiming(stage: "write", seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9))
        }
        result.summary.timingsS = timings
        result.summary.elapsedS = Double(DispatchTime.now().uptimeNanoseconds - prepared.started) / 1e9
        if let summary = staging.path(for: "summary") {
            try AtomicFile.write(try result.summary.jsonData(), to: summary)
        }
        try staging.commit()
        return result
    }
}

/// Layers `residents` (input_row, weight, zone, `access_<category>` and
/// `n_<category>` facilities within the catchment, categories in input
/// order) and `facilities` (category, capacity, ratio Rⱼ, demand).
public enum AccessOutput {
    public static func write(_ r: AccessResult, input: CoverageInput, crs: CRS, to path: String) throws {
        let nr = input.residents.count
        var cols: [Column] = []
        if let rows = input.residentRow, rows.count == nr { cols.append(Column(name: "input_row", integers: rows.map { Int64($0) })) }
        cols.append(Column(name: "weight", finiteDoubles: input.weights))
        if let z = input.residentZone {
            cols.append(Column(name: "zone", strings: z.map { $0 >= 0 ? input.zoneNames[Int($0)] : nil }))
        }
        for (c, cat) in r.categories.enumerated() {
            cols.append(Column(name: "access_\(cat.id)", finiteDoubles: r.access[c]))
            cols.append(Column(name: "n_\(cat.id)", integers: r.reached[c].map { Int64($0) }))
        }
        var layers = [OutputLayer(name: "residents", geometries: input.residents.map { .point($0) }, columns: cols, crs: crs)]
        var fg: [GeometryValue?] = [], fcat: [String?] = [], cap: [Double] = [], ratio: [Double] = [], demand: [Double] = []
        for (c, cat) in r.categories.enumerated() {
            for (j, p) in cat.facilities.enumerated() {
                fg.append(.point(p)); fcat.append(cat.id)
                cap.append(r.supply[c][j]); ratio.append(r.ratio[c][j]); demand.append(r.demand[c][j])
            }
        }
        layers.append(
            OutputLayer(
                name: "facilities", geometries: fg,
                columns: [
                    Column(name: "category", strings: fcat), Column(name: "capacity", finiteDoubles: cap),
                    Column(name: "ratio", finiteDoubles: ratio), Column(name: "demand", finiteDoubles: demand),
                ], crs: crs))
        try VectorWriter.write(layers, to: path)
    }
}
