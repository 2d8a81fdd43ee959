import ArgumentParser

/// The `perin` command line: argument parsing only; the work happens in the library modules.
@main
struct Perin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perin",
        abstract: "Perin, a self-hosted personal assistant agent server.",
        subcommands: [ServeCommand.self, MigrateCommand.self, UserCommand.self, ChatCommand.self, DelegationCommand.self]
    )
}
