import CGDAL
import Foundation
import LifeCircleGeometry
import LifeCircleProjection

/// Population rasters (WorldPop-style GeoTIFF): one point per non-empty cell
/// at the cell centre, its value in the column `value`, so a raster is a
/// residents layer like any other.
public enum RasterPopulation {
    /// The file kinds read as rasters.
    public static func isRaster(_ path: String) -> Bool {
        let l = path.lowercased()
        return l.hasSuffix(".tif") || l.hasSuffix(".tiff")
    }

    /// The column holding each cell's value.
    public static let valueField = "value"

    /// Band 1 of `path` as points. Nodata, zero, NaN and negative cells are
    /// skipped; the skipped nodata and negative cells are counted in `notes`.
    public static func read(_ path: String, declaredCRS: CRS?, defaultCRS: CRS?, crsKey: String) throws -> FeatureTable {
        GDALRuntime.ensure()
        guard FileManager.default.fileExists(atPath: path) else { throw IOError.missingFile(path) }
        CPLErrorReset()
        guard let ds = GDALOpenEx(path, UInt32(GDAL_OF_RASTER) | UInt32(GDAL_OF_READONLY), nil, nil, nil) else {
            throw IOError("\(path): not a raster GDAL can read (\(GDALRuntime.lastError())): give a GeoTIFF")
        }
        defer { GDALClose(ds) }
        let w = Int(GDALGetRasterXSize(ds)), h = Int(GDALGetRasterYSize(ds))
        var gt = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(ds, &gt) == CE_None, GDALGetRasterCount(ds) >= 1, let band = GDALGetRasterBand(ds, 1) else {
            throw IOError("\(path): the raster has no georeference or no band: give a georeferenced GeoTIFF")
        }
        var hasNoData: Int32 = 0
        let noData = GDALGetRasterNoDataValue(band, &hasNoData)
        var row = [Double](repeating: 0, count: w)
        var geometries: [GeometryValue?] = []
        var values: [FieldValue] = []
        var skippedNoData = 0, skippedNegative = 0
        for y in 0..<h {
            let err = row.withUnsafeMutableBytes { buf in
                GDALRasterIO(band, GF_Read, 0, Int32(y), Int32(w), 1, buf.baseAddress, Int32(w), 1, GDT_Float64, 0, 0)
            }
            guard err == CE_None else { throw IOError("\(path): reading row \(y + 1) failed (\(GDALRuntime.lastError()))") }
            for x in 0..<w {
                let v = row[x]
                if (hasNoData != 0 && v == noData) || v.isNaN { skippedNoData += 1; continue }
                if v < 0 { skippedNegative += 1; continue }
                if v == 0 { continue }
                // Cell centre through the affine geotransform.
                let cx = Double(x) + 0.5, cy = Double(y) + 0.5
                geometries.append(.point(Coordinate(gt[0] + cx * gt[1] + cy * gt[2], gt[3] + cx * gt[4] + cy * gt[5])))
                values.append(.real(v))
            }
        }
        var table = FeatureTable(
            name: (path as NSString).lastPathComponent, source: path, geometries: geometries,
            columns: [Column(name: valueField, type: .real, values: values)], crs: nil)
        if skippedNoData + skippedNegative > 0 {
            table.notes.append("\(path): \(skippedNoData) nodata and \(skippedNegative) negative cells skipped")
        }
        let fileCRS = try SpatialReference.crs(GDALGetSpatialRef(ds))
        table.crs = try CoordinateCheck.effectiveCRS(
            declared: declaredCRS, file: fileCRS ?? defaultCRS, envelope: table.envelope, label: path, key: crsKey)
        return table
    }

    /// Writes a one-band Float64 GeoTIFF (for tests and examples): `values`
    /// row by row from the top, `origin` the top-left corner, square cells.
    public static func writeGeoTIFF(
        _ path: String, width: Int, height: Int, values: [Double], origin: Coordinate, cellSize: Double, epsg: Int, noData: Double?
    ) throws {
        GDALRuntime.ensure()
        guard values.count == width * height else { throw IOError("\(path): \(values.count) values for \(width) × \(height) cells") }
        guard let drv = GDALGetDriverByName("GTiff"), let ds = GDALCreate(drv, path, Int32(width), Int32(height), 1, GDT_Float64, nil) else {
            throw IOError("\(path): cannot create a GeoTIFF (\(GDALRuntime.lastError()))")
        }
        defer { GDALClose(ds) }
        var gt = [origin.x, cellSize, 0, origin.y, 0, -cellSize]
        GDALSetGeoTransform(ds, &gt)
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        OSRImportFromEPSG(srs, Int32(epsg))
        GDALSetSpatialRef(ds, srs)
        guard let band = GDALGetRasterBand(ds, 1) else { throw IOError("\(path): no band") }
        if let noData { GDALSetRasterNoDataValue(band, noData) }
        var copy = values
        let err = copy.withUnsafeMutableBytes { buf in
            GDALRasterIO(band, GF_Write, 0, 0, Int32(width), Int32(height), buf.baseAddress, Int32(width), Int32(height), GDT_Float64, 0, 0)
        }
        guard err == CE_None else { throw IOError("\(path): writing failed (\(GDALRuntime.lastError()))") }
    }
}
