import ArgumentParser
import LifeCircleCLI

#if os(Linux)
/// glibc's `mallopt` (malloc.h is not part of Swift's Glibc module).
@_silgen_name("mallopt") private func mallopt(_ option: Int32, _ value: Int32) -> Int32
private let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
#endif

/// Entry point: runs the async root command.
@main
struct LifeCircleMain {
    static func main() async {
        #if os(Linux)
        // City-sized runs allocate and free arrays of tens of megabytes. By
        // default glibc maps each one fresh (and zero-fills it page by page)
        // and unmaps it on free; keeping them in the heap for reuse saves a
        // tenth of a whole coverage run. Peak memory is unchanged.
        _ = mallopt(mMmapThreshold, 512 << 20)
        _ = mallopt(mTrimThreshold, 1 << 30)
        #endif
        await LifeCircleCommand.main()
    }
}
