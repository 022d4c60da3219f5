import LifeCircleGeometry
import Testing

@testable import LifeCircleParks

/// Random instance: n candidates, m demand points, each candidate serving a random subset.
func randomInstance(seed: UInt64, n: Int, m: Int, density: Double, served: Double = 0) throws -> MaxCoverInstance {
    var rng = SplitMix64(seed: seed)
    var lists: [[Int]] = []
    for _ in 0..<n {
        var l: [Int] = []
        for i in 0..<m where Double.random(in: 0..<1, using: &rng) < density { l.append(i) }
        lists.append(l)
    }
    let weights = (0..<m).map { _ in Double(Int.random(in: 1...20, using: &rng)) }
    let servedMask = (0..<m).map { _ in Double.random(in: 0..<1, using: &rng) < served }
    let areas = (0..<n).map { _ in Double(Int.random(in: 400...10_000, using: &rng)) }
    return MaxCoverInstance(
        sets: try CoverageSets(lists: lists, demandCount: m), weights: weights,
        alreadyServed: servedMask, siteAreas: areas)
}

@Suite struct SelectionTests {
    @Test func coverageSetsValidateAndTranspose() throws {
        let s = try CoverageSets(lists: [[2, 0, 2], [], [1, 2]], demandCount: 3)
        #expect(s.offsets == [0, 2, 2, 4])
        #expect(s.indices == [0, 2, 1, 2])
        let t = s.transposed()
        #expect(t.offsets == [0, 1, 2, 4])
        #expect(t.indices == [0, 2, 0, 2])
        #expect(throws: ParksError.self) { try CoverageSets(lists: [[3]], demandCount: 3) }
        #expect(throws: ParksError.self) {
            try CoverageSets(candidateCount: 1, demandCount: 3, offsets: [0, 2], indices: [1, 1])
        }
    }

    @Test func exactEqualsBruteForceOnRandomInstances() throws {
        var checked = 0
        for seed in UInt64(1)...40 {
            let n = 6 + Int(seed % 7), m = 25 + Int(seed % 11)
            let inst = try randomInstance(seed: seed, n: n, m: m, density: 0.15, served: seed % 3 == 0 ? 0.2 : 0)
            for p in [1, 2, 3, 4] {
                let opts = MaxCoverOptions(count: p)
                let brute = try BruteForceMaxCover.solve(inst, options: opts)
                let exact = try ExactMaxCover.solve(inst, options: opts)
                let seeded = try ExactMaxCover.solve(
                    inst, options: opts,
                    solver: .init(
                        presolve: false,
                        incumbent: try LazyGreedyMaxCover.solve(inst, options: opts).selected))
                let plain = try ExactMaxCover.solve(inst, options: opts, solver: .init(reduce: false))
                let greedy = try LazyGreedyMaxCover.solve(inst, options: opts)
                #expect(exact.status == .optimal)
                #expect(abs(plain.coveredWeight - brute.coveredWeight) < 1e-9, "seed \(seed) p \(p) plain model")
                #expect(abs(exact.coveredWeight - brute.coveredWeight) < 1e-9, "seed \(seed) p \(p)")
                #expect(abs(seeded.coveredWeight - brute.coveredWeight) < 1e-9, "seed \(seed) p \(p) seeded")
                #expect(exact.selected.count <= p)
                // Greedy guarantee for monotone submodular coverage.
                #expect(greedy.coveredWeight >= (1 - 1 / 2.718281828459045) * brute.coveredWeight - 1e-9)
                #expect(greedy.coveredWeight <= brute.coveredWeight + 1e-9)
                // p = 1: greedy is optimal by definition.
                if p == 1 { #expect(greedy.coveredWeight == brute.coveredWeight) }
                // Recorded marginal gains add up to the value.
                #expect(abs(greedy.marginalGains.reduce(0, +) - greedy.coveredWeight) < 1e-9)
                checked += 1
            }
        }
        #expect(checked == 160)
    }

    @Test func areaBudgetAndExactCountMatchBruteForce() throws {
        for seed in UInt64(100)...115 {
            let inst = try randomInstance(seed: seed, n: 9, m: 40, density: 0.2)
            let opts = MaxCoverOptions(count: 4, exactCount: seed % 2 == 0, areaBudget: 12_000)
            let brute = try BruteForceMaxCover.solve(inst, options: opts)
            let exact = try ExactMaxCover.solve(inst, options: opts)
            #expect(abs(exact.coveredWeight - brute.coveredWeight) < 1e-9, "seed \(seed)")
            #expect(exact.selected.reduce(0.0) { $0 + inst.siteAreas[$1] } <= 12_000)
            if opts.exactCount && brute.status == .optimal { #expect(exact.selected.count == 4) }
            let greedy = try LazyGreedyMaxCover.solve(inst, options: opts)
            #expect(greedy.selected.reduce(0.0) { $0 + inst.siteAreas[$1] } <= 12_000)
        }
    }

    @Test func lazyGreedyEqualsPlainGreedy() throws {
        for seed in UInt64(200)...220 {
            let inst = try randomInstance(seed: seed, n: 30, m: 200, density: 0.05, served: 0.1)
            let lazy = try LazyGreedyMaxCover.solve(inst, options: MaxCoverOptions(count: 8))
            // Plain greedy: rescan all candidates each round.
            var chosen: [Int] = [], gains: [Double] = []
            for _ in 0..<8 {
                var best = -1, bg = 0.0
                for j in 0..<inst.candidateCount where !chosen.contains(j) {
                    let g = inst.coveredWeight(of: chosen + [j]) - inst.coveredWeight(of: chosen)
                    if g > bg { bg = g; best = j }
                }
                if best < 0 { break }
                chosen.append(best); gains.append(bg)
            }
            #expect(lazy.selected == chosen)
            #expect(zip(lazy.marginalGains, gains).allSatisfy { abs($0 - $1) < 1e-9 })
        }
    }

    @Test func greedyIsOptimalOnDisjointSets() throws {
        // Disjoint sets with distinct totals: greedy takes the p heaviest, which is optimal.
        let lists = (0..<6).map { j in Array((j * 5)..<(j * 5 + 5)) }
        let w = (0..<30).map { Double($0 + 1) }
        let inst = MaxCoverInstance(sets: try CoverageSets(lists: lists, demandCount: 30), weights: w)
        let g = try LazyGreedyMaxCover.solve(inst, options: MaxCoverOptions(count: 3))
        let e = try ExactMaxCover.solve(inst, options: MaxCoverOptions(count: 3))
        #expect(g.selected == [5, 4, 3])
        #expect(g.marginalGains == [140, 115, 90])
        #expect(g.coveredWeight == 345)
        #expect(e.coveredWeight == 345)
        #expect(e.selected == [5, 4, 3])
    }

    @Test func greedyBelowOptimumOnClassicTrap() throws {
        // Ten unit-weight points. Candidate 0 straddles both halves (8 points);
        // candidates 1 and 2 are the halves (5 each). Greedy takes 0 first and
        // reaches 9; the optimum takes both halves for 10.
        let lists = [[0, 1, 2, 3, 5, 6, 7, 8], Array(0..<5), Array(5..<10)]
        let inst = MaxCoverInstance(
            sets: try CoverageSets(lists: lists, demandCount: 10),
            weights: Array(repeating: 1, count: 10))
        let g = try LazyGreedyMaxCover.solve(inst, options: MaxCoverOptions(count: 2))
        let e = try ExactMaxCover.solve(inst, options: MaxCoverOptions(count: 2))
        #expect(g.selected == [0, 1])
        #expect(g.coveredWeight == 9)
        #expect(e.coveredWeight == 10)
        #expect(Set(e.selected) == [1, 2])
    }

    @Test func setCoverExactEqualsBruteForce() throws {
        for seed in UInt64(300)...320 {
            let inst = try randomInstance(seed: seed, n: 10, m: 40, density: 0.18, served: 0.1)
            let o = SetCover.Options(targetShare: 0.7)
            let brute = try SetCover.bruteForce(inst, options: o)
            let exact = try SetCover.exact(inst, options: o)
            let seeded = try SetCover.exact(inst, options: SetCover.Options(targetShare: 0.7, presolve: false))
            let greedy = try SetCover.greedy(inst, options: o)
            #expect(exact.status == brute.status, "seed \(seed)")
            if brute.status == .optimal {
                #expect(exact.selected.count == brute.selected.count, "seed \(seed)")
                #expect(seeded.selected.count == brute.selected.count, "seed \(seed)")
                #expect(greedy.selected.count >= brute.selected.count)
                let need = 0.7 * inst.totalWeight - inst.servedWeightBefore
                #expect(exact.coveredWeight >= need - 1e-6)
                #expect(greedy.coveredWeight >= need - 1e-6)
            }
        }
    }

    @Test func badInputsGiveNotesNotCrashes() throws {
        let inst = try randomInstance(seed: 7, n: 3, m: 10, density: 0.5)
        // p larger than the candidates: clamped, noted.
        let r = try ExactMaxCover.solve(inst, options: MaxCoverOptions(count: 9))
        #expect(r.notes.contains { $0.contains("exceeds the 3 candidates") })
        #expect(r.selected.count <= 3)
        // All already served.
        var all = inst; all.alreadyServed = Array(repeating: true, count: 10)
        let a = try ExactMaxCover.solve(all, options: MaxCoverOptions(count: 2))
        #expect(a.status == .trivial && a.selected.isEmpty)
        #expect(a.notes.contains { $0.contains("already served") })
        let ag = try LazyGreedyMaxCover.solve(all, options: MaxCoverOptions(count: 2))
        #expect(ag.status == .trivial)
        // Nothing to cover.
        let empty = MaxCoverInstance(sets: try CoverageSets(lists: [[], []], demandCount: 0), weights: [])
        #expect(try ExactMaxCover.solve(empty, options: MaxCoverOptions(count: 1)).notes.contains { $0.contains("nothing to cover") })
        // No candidates.
        let none = MaxCoverInstance(sets: try CoverageSets(lists: [], demandCount: 2), weights: [1, 1])
        #expect(
            try ExactMaxCover.solve(none, options: MaxCoverOptions(count: 1)).notes == [
                "count 1 exceeds the 0 candidates; using 0", "no candidate sites",
            ])
        // Malformed arrays are errors, before GLPK sees them.
        var bad = inst; bad.weights = [1]
        #expect(throws: ParksError.self) { try ExactMaxCover.solve(bad, options: MaxCoverOptions(count: 1)) }
        var neg = inst; neg.weights[0] = -1
        #expect(throws: ParksError.self) { try LazyGreedyMaxCover.solve(neg, options: MaxCoverOptions(count: 1)) }
        var noAreas = inst; noAreas.siteAreas = []
        #expect(throws: ParksError.self) { try ExactMaxCover.solve(noAreas, options: MaxCoverOptions(count: 1, areaBudget: 5)) }
        // Unreachable target share.
        let sc = try SetCover.exact(inst, options: SetCover.Options(targetShare: 1.0))
        let reach = inst.reachableUnservedWeight / inst.totalWeight
        #expect(sc.status == (reach < 1 ? .infeasible : .optimal))
        #expect(throws: ParksError.self) { try SetCover.greedy(inst, options: SetCover.Options(targetShare: 1.5)) }
    }
}

@Suite struct ReductionTests {
    /// Larger random instances than brute force can take: the reduced pipeline
    /// (local search + Lagrangian fixing + GLPK) must equal GLPK on the full model.
    @Test func reducedModelMatchesFullModel() throws {
        for seed in UInt64(400)...405 {
            let inst = try randomInstance(seed: seed, n: 60, m: 600, density: 0.03, served: 0.1)
            for p in [3, 6] {
                let opts = MaxCoverOptions(count: p, exactCount: seed % 2 == 0)
                let full = try ExactMaxCover.solve(inst, options: opts, solver: .init(reduce: false))
                let reduced = try ExactMaxCover.solve(inst, options: opts)
                #expect(full.status == .optimal && reduced.status == .optimal)
                #expect(abs(full.coveredWeight - reduced.coveredWeight) < 1e-9, "seed \(seed) p \(p)")
                if opts.exactCount { #expect(reduced.selected.count == p) }
            }
        }
    }

    @Test func exactCountPadsWhenFewSitesHelp() throws {
        // Only candidates 0 and 1 reach anyone; Σx = 4 still picks four sites.
        let inst = MaxCoverInstance(
            sets: try CoverageSets(lists: [[0, 1], [2], [], [], [], []], demandCount: 3),
            weights: [1, 2, 3])
        let r = try ExactMaxCover.solve(inst, options: MaxCoverOptions(count: 4, exactCount: true))
        #expect(r.selected.count == 4 && Set(r.selected).count == 4)
        #expect(r.coveredWeight == 6)
        #expect(Array(r.selected.prefix(2)) == [0, 1])  // 3 each: ties go to the lower index
        let g = try LazyGreedyMaxCover.solve(inst, options: MaxCoverOptions(count: 4, exactCount: true))
        #expect(g.selected.count == 4 && g.coveredWeight == 6)
        let free = try ExactMaxCover.solve(inst, options: MaxCoverOptions(count: 4))
        #expect(free.selected == [0, 1])
    }

    @Test func swapLocalSearchNeverWorsens() throws {
        for seed in UInt64(500)...510 {
            let inst = try randomInstance(seed: seed, n: 40, m: 300, density: 0.05)
            let g = try LazyGreedyMaxCover.solve(inst, options: MaxCoverOptions(count: 5))
            let ls = SwapLocalSearch.improve(inst, start: g.selected)
            #expect(ls.value >= g.coveredWeight)
            #expect(ls.selected.count == g.selected.count)
            #expect(abs(inst.coveredWeight(of: ls.selected) - ls.value) < 1e-9)
            // A 1-swap local optimum: no single swap improves it.
            let chosen = Set(ls.selected)
            for out in ls.selected {
                for inn in 0..<inst.candidateCount where !chosen.contains(inn) {
                    let v = inst.coveredWeight(of: ls.selected.filter { $0 != out } + [inn])
                    #expect(v <= ls.value + 1e-9)
                }
            }
        }
    }

    @Test func lagrangianBoundIsValid() throws {
        for seed in UInt64(600)...610 {
            let inst = try randomInstance(seed: seed, n: 12, m: 80, density: 0.12)
            let brute = try BruteForceMaxCover.solve(inst, options: MaxCoverOptions(count: 3))
            let lag = LagrangianMaxCover(groups: DemandGroups(inst), candidates: 12, p: 3, incumbent: 0)
            #expect(lag.bound >= brute.coveredWeight - 1e-9)
            // With an incumbent just below the optimum, the fixings keep an optimal selection:
            // the best subset respecting them still reaches the optimum.
            let fixed = LagrangianMaxCover(groups: DemandGroups(inst), candidates: 12, p: 3, incumbent: brute.coveredWeight - 0.5)
            let ones = (0..<12).filter { fixed.fixedOne[$0] }
            let free = (0..<12).filter { !fixed.fixedOne[$0] && !fixed.fixedZero[$0] }
            #expect(ones.count <= 3)
            var best = inst.coveredWeight(of: ones)
            func extend(_ chosen: [Int], _ from: Int) {
                best = max(best, inst.coveredWeight(of: chosen))
                guard chosen.count < 3 else { return }
                for k in from..<free.count { extend(chosen + [free[k]], k + 1) }
            }
            extend(ones, 0)
            #expect(abs(best - brute.coveredWeight) < 1e-9, "seed \(seed): fixings lost the optimum")
        }
    }
}
