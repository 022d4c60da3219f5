import ArgumentParser
import LifeCircleCoverage
import LifeCircleGrids
import LifeCircleIO
import LifeCircleParks
import LifeCircleProjection

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

/// Text encoding, coordinate columns and CRS of parks' inputs: residents
/// as a GBK Shapefile or a CSV point table, green space and plots in GBK.
struct ParksTableOptions: ParsableArguments {
    @Option(help: "Text encoding of the residents file (CSV, DBF): UTF-8 or GBK; default: detected. Example: --residents-encoding GBK")
    var residentsEncoding: String?
    @Option(help: "Longitude/x column of a residents table (default: found by name). Example: --residents-x-field 经度")
    var residentsXField: String?
    @Option(help: "Latitude/y column of a residents table. Example: --residents-y-field 纬度")
    var residentsYField: String?
    @Option(help: "One \"lng,lat\" column of a residents table. Example: --residents-location-field location")
    var residentsLocationField: String?
    @Option(help: "CRS of the residents file when it has none or a wrong one. Example: --residents-crs gcj02")
    var residentsCrs: CRS?
    @Option(help: "Text encoding of the green file: UTF-8 or GBK; default: detected. Example: --green-encoding GBK")
    var greenEncoding: String?
    @Option(help: "CRS of the green file when it has none or a wrong one. Example: --green-crs EPSG:4490")
    var greenCrs: CRS?
    @Option(help: "Text encoding of the candidates file: UTF-8 or GBK; default: detected. Example: --candidates-encoding GBK")
    var candidatesEncoding: String?
    @Option(help: "CRS of the candidates file when it has none or a wrong one. Example: --candidates-crs EPSG:4490")
    var candidatesCrs: CRS?

    func apply(to job: inout ParksJob) {
        job.residents.encoding = residentsEncoding
        job.residents.xField = residentsXField
        job.residents.yField = residentsYField
        job.residents.locationField = residentsLocationField
        job.residents.crs = residentsCrs
        job.green.encoding = greenEncoding
        job.green.crs = greenCrs
        job.candidates?.encoding = candidatesEncoding
        job.candidates?.crs = candidatesCrs
    }
}

/// Coordinate columns and CRS of grid units (a CSV of building points), and
/// the encoding and CRS of the community polygons.
struct GridsTableOptions: ParsableArguments {
    @Option(help: "Longitude/x column of a units table (default: found by name). Example: --units-x-field 经度")
    var unitsXField: String?
    @Option(help: "Latitude/y column of a units table. Example: --units-y-field 纬度")
    var unitsYField: String?
    @Option(help: "One \"lng,lat\" column of a units table. Example: --units-location-field location")
    var unitsLocationField: String?
    @Option(help: "CRS of the units file when it has none or a wrong one. Example: --units-crs EPSG:4490")
    var unitsCrs: CRS?
    @Option(help: "Text encoding of the communities file: UTF-8 or GBK; default: detected. Example: --communities-encoding GBK")
    var communitiesEncoding: String?
    @Option(help: "CRS of the communities file when it has none or a wrong one. Example: --communities-crs EPSG:4490")
    var communitiesCrs: CRS?

    func apply(to job: inout GridsJob) {
        job.units.xField = unitsXField
        job.units.yField = unitsYField
        job.units.locationField = unitsLocationField
        job.units.crs = unitsCrs
        job.communities?.encoding = communitiesEncoding
        job.communities?.crs = communitiesCrs
    }
}
