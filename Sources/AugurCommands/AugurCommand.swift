import ArgumentParser
import AugurSQL
import Foundation

/// The `augur` command: parses arguments and hands the work to the library layers.
public struct AugurCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "augur",
    abstract: "Predict how PostgreSQL will run a query, check it against reality, and say what to change.",
    discussion: """
      Exit codes: 0 success; 1 a finding or gate failure; 2 bad input or usage.
      """,
    version: AugurVersion.current,
    subcommands: [ParseCommand.self, StatsCommand.self, ExplainCommand.self, PlanCommand.self, CompareCommand.self]
  )

  public init() {}

  /// Runs the command line and exits with Augur's exit codes: argument errors are usage errors
  /// (2), as are input errors; `--help` and `--version` exit 0.
  public static func runMain(arguments: [String]? = nil) -> Never {
    // Commands walk syntax trees and plans recursively; give them a stack that the deepest tree
    // Augur accepts fits in (reserved address space, committed only as used).
    let code = runWithLargeStack { run(arguments: arguments) }
    Foundation.exit(code)
  }

  private static func run(arguments: [String]?) -> Int32 {
    do {
      var command = try parseAsRoot(arguments)
      try command.run()
      return 0
    } catch let failure as CommandFailure {
      failure.report()
      return failure.exitCode
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        // --help and --version.
        if !message.isEmpty { print(message) }
        return 0
      }
      var standardError = StandardError()
      if !message.isEmpty { print(message, to: &standardError) }
      // swift-argument-parser reports usage errors as EX_USAGE (64); Augur uses 2.
      return code.rawValue == 1 ? 1 : 2
    }
  }
}

enum AugurVersion {
  static let current = "0.1.0"
}
