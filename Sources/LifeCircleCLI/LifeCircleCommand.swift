import ArgumentParser
import LifeCircleIO

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
            AccessCommand.self,
            SiteCommand.self,
            RunCommand.self,
            DemoCommand.self,
            ParksCommand.self,
            GridsCommand.self,
            BatchCommand.self,
        ]
    )

    public init() {}

    /// Parses and runs, and prints a failure as one line with the options
    /// spelt as flags (libraries name them by their study keys).
    public static func runMain(_ arguments: [String]? = nil) async {
        // Ctrl-C and kill remove the run's scratch folders before exiting.
        OutputStaging.installSignalHandlers()
        do {
            var command = try parseAsRoot(arguments)
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: CLIRendering.flags(error))
        }
    }
}

/// How library errors read on the command line.
public enum CLIRendering {
    /// `residents_crs` → `--residents-crs`.
    public static func flag(_ key: String) -> String { "--" + key.replacingOccurrences(of: "_", with: "-") }

    /// An `OptionError` rendered with flags; other errors pass through.
    public static func flags(_ error: Error) -> Error {
        if let e = error as? OptionError { return CLIError(e.rendered(flag)) }
        return error
    }
}
