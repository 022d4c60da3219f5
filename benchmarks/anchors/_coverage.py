"""What the coverage anchors share once each has a distance per resident:
tier shares per category, per-tier completeness, and the GeoPackage write."""
import json
import os

import numpy as np
import pyogrio

# Life-circle tiers of the coverage pair, metres.
TIERS = (300.0, 500.0, 1000.0)


class CoverageTally:
    """Accumulates per-category distances into the output table and summary."""

    def __init__(self, res, categories):
        self.out_df = res.copy()
        self.weight = res["weight"].values.astype(float)
        self.categories = categories
        self.reached = {tier: np.zeros(len(res), dtype=np.int32) for tier in TIERS}
        self.summary = {"categories": {}, "tiers": {}}

    def add(self, cat, dist):
        """`dist`: metres to the nearest facility of `cat`, inf when none within the cut-off."""
        self.out_df[f"d_{cat}"] = np.where(np.isfinite(dist), dist, np.nan)
        shares = {}
        for tier in TIERS:
            ok = dist <= tier
            self.reached[tier] += ok
            shares[str(int(tier))] = float(self.weight[ok].sum() / self.weight.sum())
        self.summary["categories"][cat] = shares

    def finish(self):
        w, n = self.weight, len(self.categories)
        for tier in TIERS:
            self.out_df[f"n{int(tier)}"] = self.reached[tier]
            self.summary["tiers"][str(int(tier))] = {
                "all_categories_share": float(w[self.reached[tier] == n].sum() / w.sum()),
                "mean_category_share": float((w * self.reached[tier] / n).sum() / w.sum()),
            }

    def write(self, out):
        """GeoPackage beside the target, renamed into place; summary JSON beside it."""
        tmp = out[:-5] + ".tmp.gpkg"
        pyogrio.write_dataframe(self.out_df, tmp, layer="residents", driver="GPKG")
        os.replace(tmp, out)
        with open(out[:-5] + ".summary.json", "w") as f:
            json.dump(self.summary, f, indent=1)
