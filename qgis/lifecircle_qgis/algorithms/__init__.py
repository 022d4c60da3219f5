"""One Processing algorithm per LifeCircle analysis."""
from .access import AccessAlgorithm
from .coverage import CoverageAlgorithm
from .grids import GridsAlgorithm
from .parks import ParksAlgorithm
from .run_study import RunStudyAlgorithm
from .site import SiteAlgorithm

ALGORITHMS = [CoverageAlgorithm, AccessAlgorithm, SiteAlgorithm, GridsAlgorithm, ParksAlgorithm, RunStudyAlgorithm]
