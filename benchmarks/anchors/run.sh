#!/usr/bin/env bash
# LifeCircle vs Python anchors: each pair runs LifeCircle's side and the
# anchor doing the same work in the same run, then prints one table
# (pair, LifeCircle s, anchor s, ratio = anchor / LifeCircle, peak memory).
#
# usage: benchmarks/anchors/run.sh [--list] [PAIR ...]     (default: every pair)
# env:   LIFECIRCLE_GEODATA  real data folder (default: <repo>/../shared/geodata)
#        ANCHORS_KEEP=1      keep the temporary folder with inputs and outputs
#        MEGA_INPUTS=DIR     keep and reuse the megacity pair's generated inputs in DIR
#        RUNS=n              interleaved runs of each side of the coverage and grids pairs (default 3; medians shown)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$(dirname "$HERE")"
REPO="$(dirname "$BENCH")"
GEODATA="${LIFECIRCLE_GEODATA:-$(dirname "$REPO")/shared/geodata}"

ALL_PAIRS=(wuhan-read-project coverage-wuhan coverage-small-large coverage-megacity grids grids-small parks access site)
if [[ "${1:-}" == "--list" ]]; then printf '%s\n' "${ALL_PAIRS[@]}"; exit 0; fi
PAIRS=("$@"); [[ ${#PAIRS[@]} -eq 0 ]] && PAIRS=("${ALL_PAIRS[@]}")
for p in "${PAIRS[@]}"; do
  [[ " ${ALL_PAIRS[*]} " == *" $p "* ]] || { echo "run.sh: unknown pair '$p' (known: ${ALL_PAIRS[*]})" >&2; exit 2; }
done

if [[ ! -d "$GEODATA" ]]; then
  echo "run.sh: real data not found at $GEODATA: put the shared geodata folder beside the repository (../shared/geodata) or set LIFECIRCLE_GEODATA" >&2
  exit 2
fi
export LIFECIRCLE_GEODATA="$GEODATA"
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

# --- Python environment (created once beside this script) -------------------
VENV="$HERE/.venv"
PY="$VENV/bin/python"
if [[ ! -x "$PY" || "$HERE/requirements.txt" -nt "$VENV/.installed" ]]; then
  echo "run.sh: creating $VENV and installing requirements.txt…" >&2
  python3 -m venv "$VENV"
  "$PY" -m pip install --quiet --upgrade pip
  "$PY" -m pip install --quiet -r "$HERE/requirements.txt"
  touch "$VENV/.installed"
fi

# --- LifeCircle binaries (release) -------------------------------------------
echo "run.sh: building lifecircle-bench (release)…" >&2
swift build -c release --package-path "$BENCH" --product lifecircle-bench >&2
LCB="$(swift build -c release --package-path "$BENCH" --show-bin-path)/lifecircle-bench"
LC=""
need_cli() {  # the `lifecircle` CLI itself (the root package's product, built through this package)
  if [[ -z "$LC" ]]; then
    echo "run.sh: building lifecircle (release)…" >&2
    swift build -c release --package-path "$BENCH" --product lifecircle >&2
    LC="$(swift build -c release --package-path "$BENCH" --show-bin-path)/lifecircle"
  fi
}

WORK="$(mktemp -d -t lifecircle-anchors.XXXXXX)"
if [[ "${ANCHORS_KEEP:-}" == 1 ]]; then echo "run.sh: keeping $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi
RESULTS="$WORK/results.jsonl"; : > "$RESULTS"

# measure SIDE PAIRS CMD...: runs CMD under /usr/bin/time -v and records its
# work time (last JSON line of stdout) and peak memory for each of PAIRS
# (comma-separated; "pair:field" takes the time from another JSON field).
measure() {
  local side="$1" pairs="$2"; shift 2
  local rc=0 t0 t1
  echo "run.sh: [$side] $pairs" >&2
  t0="$(date +%s.%N)"
  /usr/bin/time -v -o "$WORK/time.txt" "$@" > "$WORK/out.txt" 2> "$WORK/err.txt" || rc=$?
  t1="$(date +%s.%N)"
  [[ $rc -eq 0 ]] || { echo "run.sh: [$side] $pairs failed (exit $rc):" >&2; tail -n 3 "$WORK/err.txt" >&2; }
  "$PY" "$HERE/_collect.py" --side "$side" --pair "$pairs" --rc "$rc" --wall "$t0" "$t1" \
    --time "$WORK/time.txt" --out "$WORK/out.txt" --err "$WORK/err.txt" >> "$RESULTS"
}

# --- pairs -------------------------------------------------------------------
pair_wuhan-read-project() {
  measure lifecircle wuhan-read-project "$LCB" wuhan-read-project
  measure anchor wuhan-read-project "$PY" "$HERE/wuhan_read_project.py"
}

pair_coverage-wuhan() {
  local dir="$WORK/coverage"
  "$PY" "$HERE/generate_coverage_inputs.py" "$dir" >&2
  need_cli
  # LifeCircle's time is its summary's elapsed_s (reading to writing), the
  # span the anchors time; the process wall time is printed beside it.
  # RUNS (default 3) interleaved runs of LifeCircle and SciPy; the table shows medians.
  local i
  for i in $(seq 1 "${RUNS:-3}"); do
    measure lifecircle "coverage-wuhan/scipy,coverage-wuhan/pandana" \
      "$PY" "$HERE/lifecircle_elapsed.py" "$dir/summary.json" "$LC" coverage --network "$GEODATA/wuhan/wuhan_streets.gpkg" \
        --residents "$dir/residents.gpkg" --weight weight \
        --facilities "$dir/facilities.gpkg" --category category \
        --tiers 300,500,1000 --no-service-areas --no-gaps \
        --out "$dir/lifecircle.gpkg" --summary "$dir/summary.json"
    measure anchor coverage-wuhan/scipy,coverage-search-per-category/scipy:per_category_seconds \
      "$PY" "$HERE/coverage_scipy.py" "$dir" "$dir/scipy.gpkg"
  done
  measure anchor coverage-wuhan/pandana "$PY" "$HERE/coverage_pandana.py" "$dir" "$dir/pandana.gpkg"
  measure lifecircle coverage-search-per-category/scipy:per_category_seconds \
    "$LCB" coverage-search --inputs "$dir"
}

# lc_coverage PAIRS DIR NETWORK: one `lifecircle coverage` run on DIR's generated
# residents/facilities, timed by its summary's elapsed_s (lifecircle_elapsed.py).
lc_coverage() {
  local side="$1" pairs="$2" dir="$3" network="$4"
  measure "$side" "$pairs" \
    "$PY" "$HERE/lifecircle_elapsed.py" "$dir/summary.json" "$LC" coverage --network "$network" \
      --residents "$dir/residents.gpkg" --weight weight \
      --facilities "$dir/facilities.gpkg" --category category \
      --tiers 300,500,1000 --no-service-areas --no-gaps \
      --out "$dir/lifecircle.gpkg" --summary "$dir/summary.json"
}

pair_coverage-small-large() {
  # #16 requirement 1: a community-sized run (9,000 residents) against a
  # city-sized one (100,000) on the same Wuhan network and facilities, in one
  # invocation. The "LifeCircle" column is the small run, "anchor" the large
  # one, so ratio = large / small; the target (small <= 0.6 x large) is ratio >= 1.67.
  local small="$WORK/coverage-9k" large="$WORK/coverage-100k" net="$GEODATA/wuhan/wuhan_streets.gpkg" i
  "$PY" "$HERE/generate_coverage_inputs.py" "$small" 9000 >&2
  "$PY" "$HERE/generate_coverage_inputs.py" "$large" 100000 >&2
  need_cli
  for i in $(seq 1 "${RUNS:-3}"); do
    lc_coverage lifecircle coverage-small-large/9k-vs-100k "$small" "$net"
    lc_coverage anchor coverage-small-large/9k-vs-100k "$large" "$net"
  done
}

pair_coverage-megacity() {
  # #16 requirement 2: the Wuhan streets tiled MEGA_T x MEGA_T (default 4: about
  # 1.48 million edges), MEGA_N residents (default 2,000,000) and 12 x MEGA_F
  # facilities (default 1,200), against the GeoPandas + SciPy pipeline
  # (coverage_scipy.py on the same files). Targets: ratio >= 5, LifeCircle <= 1.5 GB.
  local t="${MEGA_T:-4}" n="${MEGA_N:-2000000}" f="${MEGA_F:-1200}"
  # MEGA_INPUTS=DIR keeps the generated inputs there and reuses them (the generator skips files present).
  local dir="${MEGA_INPUTS:-$WORK}/megacity-$t-$n-$f"
  "$PY" "$HERE/generate_megacity_inputs.py" "$dir" "$t" "$n" "$f" >&2
  need_cli
  lc_coverage lifecircle "coverage-megacity-${t}x${t}-$n/scipy" "$dir" "$dir/streets.gpkg"
  [[ "${MEGA_ANCHOR:-1}" == 0 ]] && return 0  # MEGA_ANCHOR=0: LifeCircle only (e.g. N = 10,000,000)
  measure anchor "coverage-megacity-${t}x${t}-$n/scipy" "$PY" "$HERE/coverage_scipy.py" "$dir" "$dir/scipy.gpkg" "$dir/streets.gpkg"
}

pair_grids() {
  # GRIDS_INSTANCES (space-separated name prefixes) limits the instances, e.g.
  # GRIDS_INSTANCES="lattice-10k voronoi-10k wuhan-blocks"; GERRYCHAIN_TIMEOUT (s, default 1800; 0 skips it).
  local dir="$WORK/grids" units g k
  "$PY" "$HERE/generate_grid_units.py" "$dir" ${GRIDS_INSTANCES:-} >&2
  local i
  for units in "$dir"/*.units.csv; do
    g="$(basename "$units" .units.csv)"; k="${g##*-}"
    # RUNS interleaved runs of LifeCircle and pymetis (medians); GerryChain once.
    for i in $(seq 1 "${RUNS:-3}"); do
      measure lifecircle "grids-$g/pymetis,grids-$g/gerrychain" "$LCB" grids --units "$dir/$g" --grids "$k"
      measure anchor "grids-$g/pymetis" "$PY" "$HERE/grids_pymetis.py" "$dir/$g" "$k"
    done
    [[ "${GERRYCHAIN_TIMEOUT:-1800}" == 0 ]] && continue  # 0 skips GerryChain
    measure anchor "grids-$g/gerrychain" timeout "${GERRYCHAIN_TIMEOUT:-1800}" "$PY" "$HERE/grids_gerrychain.py" "$dir/$g" "$k"
  done
}

pair_grids-small() {
  # The sizes planners use (issue 14): São Paulo's hex cells -> 10, the demo's Helsinki
  # buildings (territory adjacency, exported by lifecircle-bench) -> 7, Wuhan's street
  # blocks -> 66 and 2,000 Voronoi cells -> 40. LifeCircle's default run against pymetis
  # and GerryChain short bursts (SHORTBURSTS_S seconds, default 90; 0 skips them) from
  # LifeCircle's plan and from GerryChain's seed plan; one table of every plan.
  local dir="$WORK/grids-small" g k
  "$PY" "$HERE/generate_grid_units.py" "$dir" spo-hex voronoi-2k wuhan-blocks >&2
  if [[ ! -f "$dir/helsinki-buildings-7.units.csv" ]]; then
    need_cli
    "$LC" demo --osm "$REPO/geodata/Helsinki.osm.pbf" --out "$dir/demo" --quiet >&2
    "$LCB" grids-export --units "$dir/demo/study/study.gpkg" --layer grids_units --weight households \
      --out "$dir/helsinki-buildings-7" >&2
  fi
  for units in "$dir"/*.units.csv; do
    g="$(basename "$units" .units.csv)"; k="${g##*-}"
    [[ "$g" == wuhan-blocks-* ]] && k=66
    measure lifecircle "grids-small/$g/lifecircle" "$LCB" grids --units "$dir/$g" --grids "$k" \
      --assignment-out "$dir/$g.lifecircle.csv"
    measure anchor "grids-small/$g/pymetis" "$PY" "$HERE/grids_pymetis.py" "$dir/$g" "$k"
    local seed
    for seed in $(seq 2 "${SEEDS:-10}"); do  # seed stability: LifeCircle's cut edges over seeds 1..SEEDS
      measure lifecircle "grids-small/$g/lifecircle-seed-$seed" "$LCB" grids --units "$dir/$g" --grids "$k" --seed "$seed"
    done
    [[ "${SHORTBURSTS_S:-90}" == 0 ]] && continue
    measure anchor "grids-small/$g/shortbursts-from-lifecircle" \
      "$PY" "$HERE/grids_shortbursts.py" "$dir/$g" "$k" lifecircle "${SHORTBURSTS_S:-90}"
    measure anchor "grids-small/$g/shortbursts-from-seed" \
      "$PY" "$HERE/grids_shortbursts.py" "$dir/$g" "$k" seed "${SHORTBURSTS_S:-90}"
  done
  "$PY" "$HERE/_grids_small_table.py" "$RESULTS"
}

pair_parks() {
  # PARKS_P (sites to choose, default 20), PARKS_TIME_LIMIT (s per exact solve, default 600),
  # SPOPT_TIMEOUT (s for the whole spopt anchor, default 1800; 0 skips it).
  local dir="$WORK/parks" p="${PARKS_P:-20}" limit="${PARKS_TIME_LIMIT:-600}"
  "$PY" "$HERE/generate_parks_instance.py" "$dir" >&2
  measure lifecircle "parks-sets-greedy/python:greedy_seconds,parks-exact/pulp-cbc:exact_seconds,parks-exact/spopt-cbc:exact_seconds" \
    "$LCB" parks --instance "$dir" --p "$p" --time-limit "$limit"
  measure anchor "parks-sets-greedy/python:greedy_seconds,parks-exact/pulp-cbc:exact_seconds" \
    "$PY" "$HERE/parks_python.py" "$dir" "$p" "$limit"
  if [[ "${SPOPT_TIMEOUT:-1800}" != 0 ]]; then
    measure anchor "parks-exact/spopt-cbc:exact_seconds" \
      timeout "${SPOPT_TIMEOUT:-1800}" "$PY" "$HERE/parks_spopt.py" "$dir" "$p" "$limit"
  fi
}

pair_access() {
  # PySAL `access` 2SFCA and E2SFCA on the same straight-line cost table as
  # `lifecircle access --metric euclidean`; the anchor reports the largest
  # relative difference per resident (agreement to 1e-9).
  local dir="$WORK/access" m
  "$PY" "$HERE/generate_access_inputs.py" "$dir" >&2
  need_cli
  for m in 2sfca e2sfca; do
    local bands=() pybands=()
    [[ $m == e2sfca ]] && bands=(--bands 300:1,600:0.68,1000:0.22) && pybands=(300:1,600:0.68,1000:0.22)
    measure lifecircle "access-$m/pysal" \
      "$PY" "$HERE/lifecircle_elapsed.py" "$dir/$m.json" "$LC" access --metric euclidean --crs EPSG:32723 \
        --residents "$dir/residents.gpkg" --weight population --facilities "$dir/facilities.gpkg" \
        --category-name school --capacity schools --catchment 1000 --method "$m" "${bands[@]}" \
        --out "$dir/$m.gpkg" --summary "$dir/$m.json"
    measure anchor "access-$m/pysal" \
      "$PY" "$HERE/access_pysal.py" "$dir/$m.gpkg" "$dir/residents.csv" "$dir/facilities.csv" 1000 "${pybands[@]}"
  done
}

pair_site() {
  # MCLP (SITE_P sites, default 20 as in pair parks) and LSCP on 2,000 candidates x 50,000 residents, 300 m straight-line:
  # lifecircle site (exact, GLPK) against the same sparse MCLP/LSCP in PuLP/CBC (site_pulp.py) and spopt
  # with PuLP/CBC as published (SPOPT_TIMEOUT s, default 1800; 0 skips it). All three print their optimum.
  local dir="$WORK/site" p="${SITE_P:-20}" limit="${PARKS_TIME_LIMIT:-600}"
  "$PY" "$HERE/generate_site_inputs.py" "$dir" >&2
  need_cli
  # One row per problem (site-mclp, site-lscp: each side's own per-problem time) beside the pair's total;
  # spopt prints its MCLP line before the LSCP starts, so a timeout there still leaves the MCLP ratio.
  local per="site-mclp/%s:mclp_seconds,site-lscp/%s:lscp_seconds"
  measure lifecircle "site/pulp-cbc,site/spopt-cbc,${per//%s/pulp-cbc},${per//%s/spopt-cbc}" \
    "$PY" "$HERE/lifecircle_site.py" "$LC" "$dir" "$p" "$limit"
  measure anchor "site/pulp-cbc,${per//%s/pulp-cbc}" "$PY" "$HERE/site_pulp.py" "$dir" "$p" "$limit"
  if [[ "${SPOPT_TIMEOUT:-1800}" != 0 ]]; then
    measure anchor "site/spopt-cbc,${per//%s/spopt-cbc}" \
      timeout "${SPOPT_TIMEOUT:-1800}" "$PY" "$HERE/site_spopt.py" "$dir" "$p" "$limit"
  fi
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for p in "${PAIRS[@]}"; do "pair_$p"; done
echo
"$PY" "$HERE/_table.py" "$RESULTS"
echo "load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; above the core count, other work shared the CPU and times are inflated"
