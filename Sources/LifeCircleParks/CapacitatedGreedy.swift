import Foundation

/// Greedy capacitated siting: repeatedly open the candidate whose opening
/// adds the most served weight under the nearest-open-site assignment with
/// capacities (`CapacitatedCoverInstance`), until `count` sites are open,
/// every reachable demand point is served (`count == nil`), or no candidate
/// adds anything. The gain is not submodular (a new site can pull residents
/// away from a site with spare capacity), so every round rescans every
/// candidate: O(rounds × pairs), scratch arrays reused, no lazy heap.
public enum CapacitatedGreedy {
    /// - Parameter among: only these candidates, each taken in turn even at no gain (ordering a given selection).
    public static func solve(_ inst: CapacitatedCoverInstance, count: Int?, among: [Int]? = nil) -> SelectionResult {
        let start = DispatchTime.now()
        let n = inst.candidateCount, m = inst.demandCount, cap = inst.capacity
        var isOpen = [Bool](repeating: false, count: n)
        var site = [Int32](repeating: -1, count: m), dist = [Double](repeating: .infinity, count: m)
        var assigned = [Double](repeating: 0, count: n)
        var lose = [Double](repeating: 0, count: n), touched: [Int] = []
        touched.reserveCapacity(64)
        let target = inst.reachableWeight
        var selected: [Int] = [], gains: [Double] = [], value = 0.0
        let tol = 1e-9 * max(1, target)
        let pool = among.map { Array(Set($0.filter { $0 >= 0 && $0 < n })).sorted() } ?? Array(0..<n)
        let rounds = min(count ?? pool.count, pool.count)
        while selected.count < rounds && (count != nil || among != nil || value < target - tol) {
            var best = -1, bestGain = among == nil ? tol : -Double.infinity
            for k in pool where !isOpen[k] {
                var moved = 0.0
                for p in inst.sets.offsets[k]..<inst.sets.offsets[k + 1] {
                    let i = Int(inst.sets.indices[p]), d = inst.distances[p], a = Int(site[i])
                    guard a < 0 || d < dist[i] || (d == dist[i] && k < a) else { continue }
                    moved += inst.weights[i]
                    if a >= 0 {
                        if lose[a] == 0 { touched.append(a) }
                        lose[a] += inst.weights[i]
                    }
                }
                var g = min(cap, moved)
                for a in touched {
                    g += min(cap, assigned[a] - lose[a]) - min(cap, assigned[a])
                    lose[a] = 0
                }
                touched.removeAll(keepingCapacity: true)
                if g > bestGain { bestGain = g; best = k }
            }
            guard best >= 0 else { break }
            isOpen[best] = true
            for p in inst.sets.offsets[best]..<inst.sets.offsets[best + 1] {
                let i = Int(inst.sets.indices[p]), d = inst.distances[p], a = Int(site[i])
                guard a < 0 || d < dist[i] || (d == dist[i] && best < a) else { continue }
                if a >= 0 { assigned[a] -= inst.weights[i] }
                assigned[best] += inst.weights[i]; site[i] = Int32(best); dist[i] = d
            }
            selected.append(best); gains.append(bestGain); value += bestGain
        }
        var notes: [String] = []
        var status = SelectionStatus.heuristic
        if among == nil && count == nil && value < target - tol {
            status = .infeasible
            notes.append(
                String(
                    format: "greedy stalls at %.6g of %.6g reachable weight: no further site adds served weight under the capacity", value, target))
        } else if let c = count, selected.count < c {
            notes.append("no further gain after \(selected.count) of \(c) sites")
        }
        // Value recomputed from the selection: the assignment's own arithmetic.
        let exactValue = inst.value(of: selected)
        return SelectionResult(
            selected: selected, marginalGains: gains, coveredWeight: exactValue, status: status, notes: notes,
            iterations: selected.count, seconds: Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
    }
}
