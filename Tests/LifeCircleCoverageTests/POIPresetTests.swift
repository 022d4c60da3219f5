import Foundation
import TestSupport
import Testing

@testable import LifeCircleCoverage

/// The gb50180 preset's Amap codes and Baidu tags exist in the providers'
/// published tables (../shared/reference), and the matching rules behave as
/// the preset's comments say.
@Suite struct POIPresetTests {
    static let reference = TestData.sharedRoot.deletingLastPathComponent().appendingPathComponent("reference")

    @Test(.requiresSharedData) func codesAndTagsExistInTheProvidersTables() throws {
        let preset = try LifeCirclePreset.load("gb50180")
        let amap = try String(contentsOf: Self.reference.appendingPathComponent("amap_poi_codes_2017.csv"), encoding: .utf8)
        let codes = Set(
            amap.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) })
        // 870 rows, as the README says (a split on commas may miss a code in a quoted row).
        #expect(amap.split(whereSeparator: \.isNewline).count - 1 == 870 && codes.count > 860)
        let baidu = try String(contentsOf: Self.reference.appendingPathComponent("baidu_poi_tags_2020.csv"), encoding: .utf8)
        let tags = Set(baidu.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").last.map(String.init) })
        // The reference lost the tail of 生活服务 (its README names 公共厕所 as real).
        let knownMissing: Set = ["生活服务;公共厕所"]
        for c in preset.categories {
            for code in c.amap ?? [] { #expect(codes.contains(code), "\(c.id): Amap code \(code) is not in the 2017 table") }
            for tag in c.baidu ?? [] where !knownMissing.contains(tag) { #expect(tags.contains(tag), "\(c.id): Baidu tag \(tag)") }
            // 080402 疗养院 is a sanatorium, not an elderly home.
            #expect(!(c.amap ?? []).contains("080402"))
        }
        // Categories no code covers are reachable by name.
        for id in ["elderly_home", "elderly_day_care", "nursery", "health_centre", "clinic", "fresh_market"] {
            let keywords = preset.categories.first(where: { $0.id == id })?.keywords ?? []
            #expect(!keywords.isEmpty, "\(id) has no name keywords")
        }
    }

    @Test func matchingRules() throws {
        let preset = try LifeCirclePreset.load("gb50180")
        let m = POIMatcher(preset: preset)
        let ids = preset.categories.map(\.id)
        let (cats, report) = m.match(
            types: ["141202|141203", "090300", "090701", "060705", "教育培训;小学", "190000", "190000", nil],
            names: ["九年一贯制学校", "某诊所", "宠物诊所", "蔬菜市场", "小学", "桃源社区日间照料中心", "某某托儿所", "公司"],
            typeField: "typecode", nameField: "name")
        func of(_ i: Int) -> Set<String> { Set(cats[i].map { ids[$0] }) }
        #expect(of(0) == ["middle_school", "primary_school"])
        #expect(of(1) == ["clinic"])
        #expect(of(2).isEmpty)  // 090701 宠物诊所 is outside 0903xx
        #expect(of(3) == ["fresh_market"])
        #expect(of(4) == ["primary_school"])
        #expect(of(5) == ["elderly_day_care"])
        #expect(of(6) == ["nursery"])
        #expect(of(7).isEmpty)
        #expect(report.pois == 8 && report.matched == 6)
        #expect(report.unmatchedTypes.map(\.type) == ["(no type)", "090701"])
        let primary = report.categories.first { $0.id == "primary_school" }!
        #expect(primary.pois == 2)
        #expect(Set(primary.rules.map(\.rule)) == ["amap 141203", "baidu 教育培训;小学", "name 小学", "name 九年一贯制"])
    }
}
