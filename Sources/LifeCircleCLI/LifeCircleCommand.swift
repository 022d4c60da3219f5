import ArgumentParser

/// The root `lifecircle` command; each subcommand lives in its own file.
public struct LifeCircleCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lifecircle",
        abstract: "15-minute community life-circle analysis: coverage, management grids, pocket parks.",
        version: LifeCircleVersion.string,
        subcommands: [
            InspectCommand.self,
            ConvertCommand.self,
            CoverageCommand.self,
            RunCommand.self,
            DemoCommand.self,
            ParksCommand.self,
            GridsCommand.self,
        ]
    )

    public init() {}
}

public enum LifeCircleVersion {
    public static let string = "0.1.0"
}
