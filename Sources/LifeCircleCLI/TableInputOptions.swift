import ArgumentParser
import LifeCircleCoverage
import LifeCircleIO

/// Text encoding and coordinate columns of coverage's inputs: Amap, Baidu
/// and census tables come as CSV or XLSX, often in GBK.
struct CoverageTableOptions: ParsableArguments {
    @Option(help: "Text encoding of the residents file (CSV, DBF): UTF-8 or GBK; default: detected. Example: --residents-encoding GBK")
    var residentsEncoding: String?
    @Option(help: "Longitude/x column of a residents table (default: found by name). Example: --residents-x-field 经度")
    var residentsXField: String?
    @Option(help: "Latitude/y column of a residents table. Example: --residents-y-field 纬度")
    var residentsYField: String?
    @Option(help: "One \"lng,lat\" column of a residents table. Example: --residents-location-field location")
    var residentsLocationField: String?
    @Option(help: "Text encoding of the facilities files: UTF-8 or GBK; default: detected. Example: --facilities-encoding GBK")
    var facilitiesEncoding: String?
    @Option(help: "Longitude/x column of a facilities table (default: found by name). Example: --facilities-x-field lng")
    var facilitiesXField: String?
    @Option(help: "Latitude/y column of a facilities table. Example: --facilities-y-field lat")
    var facilitiesYField: String?
    @Option(help: "One \"lng,lat\" column of a facilities table (Amap's location). Example: --facilities-location-field location")
    var facilitiesLocationField: String?
    @Option(help: "Text encoding of the zones file: UTF-8 or GBK; default: detected. Example: --zones-encoding GBK")
    var zonesEncoding: String?

    @Option(help: "Census table by community (CSV/XLSX) spread over the residents of each --zones community. Example: --population-table census.csv")
    var populationTable: String?
    @Option(help: "Community column of the census table, matching --zone-field. Example: --population-key 社区")
    var populationKey: String?
    @Option(help: "Population column of the census table. Example: --population-field 常住人口")
    var populationField: String?

    /// The census table, when one is given.
    var census: CensusPopulation? {
        populationTable.map { CensusPopulation(table: InputSource(path: $0), key: populationKey ?? "", field: populationField ?? "") }
    }

    /// Sets the encodings and coordinate columns on the job's inputs.
    func apply(residents: inout InputSource, facilities: inout [InputSource], zones: inout InputSource?) {
        residents.encoding = residentsEncoding
        residents.xField = residentsXField
        residents.yField = residentsYField
        residents.locationField = residentsLocationField
        for i in facilities.indices {
            facilities[i].encoding = facilitiesEncoding
            facilities[i].xField = facilitiesXField
            facilities[i].yField = facilitiesYField
            facilities[i].locationField = facilitiesLocationField
        }
        zones?.encoding = zonesEncoding
    }
}
