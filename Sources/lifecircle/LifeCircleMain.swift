import ArgumentParser
import LifeCircleCLI

/// Entry point: runs the async root command.
@main
struct LifeCircleMain: AsyncMainProtocol {
    typealias Command = LifeCircleCommand
}
