import Foundation
import LifeCircleIO

/// Scripts that hand a batch to an existing scheduler: a Slurm job array
/// (one task per row) with a merge job that waits for it, or the equivalent
/// Kubernetes Indexed Job. Every task runs `lifecircle batch MANIFEST --row N`,
/// the code path the local runner's children run.
public enum BatchEmit {
    public enum Scheduler: String, Sendable, CaseIterable { case slurm, k8s }

    public struct Options: Sendable {
        /// The `lifecircle` the tasks run (absolute path on the cluster).
        public var executable: String
        /// Arguments that make a task see the same manifest (template, output).
        public var childArguments: [String] = []
        /// Most array tasks running at once (Slurm's `%` throttle); nil = no cap.
        public var throttle: Int?
        public var cpusPerTask: Int = 2
        public init(executable: String) { self.executable = executable }
    }

    /// Memory (MB) and time (s) for a row: 1.5× its measured peak and 3× its
    /// measured time, else an estimate from its inputs' size on disk.
    public static func resources(_ manifest: BatchManifest, _ row: BatchManifest.Row) -> (memoryMB: Double, seconds: Double) {
        if let r = BatchRow.record(manifest, row), r.status == .ok, r.peakMemoryMB > 0 {
            return (max(256, 1.5 * r.peakMemoryMB), max(300, 3 * r.seconds))
        }
        var bytes = 0.0
        if let study = try? BatchRow.study(manifest, row) {
            for input in study.inputs.values {
                bytes += ((try? FileManager.default.attributesOfItem(atPath: input.path))?[.size] as? NSNumber)?.doubleValue ?? 0
            }
        }
        let mb = bytes / 1_048_576
        return (max(512, 400 + 20 * mb), max(600, 120 + 4 * mb))
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    static func slurmTime(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return String(format: "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }

    /// Writes the scripts into `dir` and returns their paths.
    @discardableResult
    public static func write(_ manifest: BatchManifest, scheduler: Scheduler, to dir: URL, options: Options) throws -> [URL] {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let n = manifest.rows.count
        let need = manifest.rows.map { resources(manifest, $0) }
        let mem = Int((need.map(\.memoryMB).max() ?? 512).rounded(.up))
        let time = need.map(\.seconds).max() ?? 600
        let args = ([options.executable, "batch", manifest.path] + options.childArguments).map(quote).joined(separator: " ")
        let logs = URL(fileURLWithPath: manifest.output).appendingPathComponent("logs").path
        var files: [URL] = []
        func put(_ name: String, _ text: String, executable: Bool = false) throws {
            let url = dir.appendingPathComponent(name)
            try AtomicFile.write(Data(text.utf8), to: url.path)
            if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path) }
            files.append(url)
        }
        switch scheduler {
        case .slurm:
            let throttle = options.throttle.map { "%\($0)" } ?? ""
            try put(
                "array.sbatch",
                """
                #!/bin/bash
                # One LifeCircle study per task: row $SLURM_ARRAY_TASK_ID of the manifest.
                # Memory and time: the largest row's measured peak ×1.5 and time ×3, or an estimate from its inputs.
                #SBATCH --job-name=lifecircle-rows
                #SBATCH --array=1-\(n)\(throttle)
                #SBATCH --cpus-per-task=\(options.cpusPerTask)
                #SBATCH --mem=\(mem)M
                #SBATCH --time=\(slurmTime(time))
                #SBATCH --output=\(logs)/row-%a.out
                set -euo pipefail
                mkdir -p \(quote(logs))
                exec \(args) --row "$SLURM_ARRAY_TASK_ID"

                """)
            try put(
                "merge.sbatch",
                """
                #!/bin/bash
                # Merges every row's results, whatever each task's exit (afterany).
                #SBATCH --job-name=lifecircle-merge
                #SBATCH --cpus-per-task=1
                #SBATCH --mem=2048M
                #SBATCH --time=01:00:00
                #SBATCH --output=\(logs)/merge.out
                set -euo pipefail
                exec \(args) --merge-only

                """)
            try put(
                "submit.sh",
                """
                #!/bin/bash
                # Submits the array, then the merge job that waits for it.
                set -euo pipefail
                cd "$(dirname "$0")"
                mkdir -p \(quote(logs))
                array=$(sbatch --parsable array.sbatch)
                merge=$(sbatch --parsable --dependency=afterany:${array%%;*} merge.sbatch)
                echo "array job $array, merge job $merge"

                """, executable: true)
            try put(
                "README.md",
                """
                # LifeCircle batch on Slurm

                \(n) studies (one per row of `\(manifest.path)`) as one job array, and a merge job that runs after it.

                ```bash
                bash submit.sh            # sbatch array.sbatch, then merge.sbatch with --dependency=afterany
                squeue -u $USER           # watch; logs in \(logs)
                ```

                - Each task runs `lifecircle batch MANIFEST --row N`, exactly what `lifecircle batch MANIFEST` runs locally for
                  each row, and writes `cities/<code>/` and `rows/<code>.json` under `\(manifest.output)`.
                - Resubmitting is safe: a row whose study, inputs and LifeCircle version are unchanged since it finished is not
                  run again (`lifecircle batch MANIFEST` locally does the same).
                - Requests: `--mem=\(mem)M`, `--time=\(slurmTime(time))` per task (from the largest row's measured peak ×1.5
                  and time ×3 where rows have run, else estimated from input size). Edit `array.sbatch` for your site's
                  partition and account (`#SBATCH --partition=…`, `--account=…`)\(options.throttle == nil ? "; add `%K` to `--array` to cap running tasks" : "").
                - The merge writes `batch_summary.json`, `national.gpkg`, `tables/` and `national.html` under `\(manifest.output)`.

                """)
        case .k8s:
            let parallel = options.throttle ?? min(n, 20)
            try put(
                "rows-job.yaml",
                """
                # One LifeCircle study per pod: row JOB_COMPLETION_INDEX + 1 of the manifest.
                # The manifest, inputs and output folder must be on a volume every pod mounts at the same path.
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: lifecircle-rows
                spec:
                  completions: \(n)
                  parallelism: \(parallel)
                  completionMode: Indexed
                  backoffLimit: \(n)
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: lifecircle
                          image: lifecircle:latest   # an image with lifecircle and its libraries
                          command: ["/bin/sh", "-c", "exec \(args.replacingOccurrences(of: "\"", with: "\\\"")) --row $((JOB_COMPLETION_INDEX + 1))"]
                          resources:
                            requests: {memory: "\(mem)Mi", cpu: "\(options.cpusPerTask)"}
                            limits: {memory: "\(mem)Mi"}
                          volumeMounts: [{name: data, mountPath: /data}]
                      volumes: [{name: data, persistentVolumeClaim: {claimName: lifecircle-data}}]

                """)
            try put(
                "merge-job.yaml",
                """
                # Run after lifecircle-rows has completed (kubectl wait --for=condition=complete job/lifecircle-rows).
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: lifecircle-merge
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: lifecircle
                          image: lifecircle:latest
                          command: ["/bin/sh", "-c", "exec \(args.replacingOccurrences(of: "\"", with: "\\\"")) --merge-only"]
                          volumeMounts: [{name: data, mountPath: /data}]
                      volumes: [{name: data, persistentVolumeClaim: {claimName: lifecircle-data}}]

                """)
            try put(
                "README.md",
                """
                # LifeCircle batch on Kubernetes

                ```bash
                kubectl apply -f rows-job.yaml
                kubectl wait --for=condition=complete --timeout=24h job/lifecircle-rows
                kubectl apply -f merge-job.yaml
                ```

                An Indexed Job runs row `JOB_COMPLETION_INDEX + 1` in each pod (`lifecircle batch MANIFEST --row N`, the local
                runner's code path). The manifest, inputs and `\(manifest.output)` must be on a shared volume. Documented, not
                tested here; the Slurm path is tested by `scripts/slurm-check.sh`.

                """)
        }
        return files
    }
}
