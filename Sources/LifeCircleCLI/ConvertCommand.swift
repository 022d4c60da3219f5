import ArgumentParser

struct ConvertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "convert", abstract: "(being written)")
    func run() async throws {}
}
