import ArgumentParser

/// The `augur` command: parses arguments and hands the work to the library layers.
public struct AugurCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "augur",
    abstract: "Predict how PostgreSQL will run a query, check it against reality, and say what to change.",
    discussion: """
      Exit codes: 0 success; 1 a finding or gate failure; 2 bad input or usage.
      """,
    version: AugurVersion.current,
    subcommands: [ParseCommand.self]
  )

  public init() {}

  /// Runs the command line and exits with Augur's exit codes: argument errors are usage errors
  /// (2), as are input errors; `--help` and `--version` exit 0.
  public static func runMain(arguments: [String]? = nil) -> Never {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      Self.exit()
    } catch let failure as CommandFailure {
      failure.report()
      Self.exit(withError: ExitCode(failure.exitCode))
    } catch {
      let code = exitCode(for: error)
      if code == .success || code.rawValue == 1 || code.rawValue == 2 {
        Self.exit(withError: error)
      }
      // swift-argument-parser reports usage errors as EX_USAGE (64); Augur uses 2.
      var standardError = StandardError()
      print(fullMessage(for: error), to: &standardError)
      Self.exit(withError: ExitCode(2))
    }
  }
}

enum AugurVersion {
  static let current = "0.1.0"
}
