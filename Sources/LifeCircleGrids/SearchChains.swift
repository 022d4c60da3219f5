import Foundation
import LifeCircleGeometry

/// Independent improving searches from one plan, the best kept: one seed's
/// search can settle in a poorer basin than another's (São Paulo's hex cells:
/// 139–146 cut edges over seeds 1–10 with one chain), so each run draws
/// `chains` seeds from its own and keeps the best chain, which makes the plan
/// depend much less on the seed. `MultiStartSearch` runs the chains of every
/// start on both cores, each on its own state, and compares them in order.
/// Chains are compared on cut edges (what planners and the anchors count), then
/// the higher mean Polsby–Popper; inside a chain the pipeline's own cut (shared
/// length for the classic one) guides the moves.
struct SearchChains {
    var search: ShortBurstSearch
    var chains: Int

    /// Chains for a graph of `n` units: eight up to 1,000 units, four up to 5,000,
    /// two above (each chain is at most about 20 million unit-steps of work).
    static func defaultChains(unitCount n: Int) -> Int { n <= 1_000 ? 8 : n <= 5_000 ? 4 : 2 }

    /// The seed of chain `c` for a run seeded `seed` (chain 0 keeps the single-chain seed).
    static func seed(_ seed: UInt64, chain c: Int) -> UInt64 { seed &+ UInt64(c) &* 0x9E37_79B9_7F4A_7C15 }
}
