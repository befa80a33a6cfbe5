import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs helper programs (initdb, pg_ctl, psql, generators) to completion.
public enum Subprocess {
  /// Runs a program to completion; throws with its output when it fails.
  ///
  /// Spawned directly (not with Foundation's `Process`): `pg_ctl start` leaves a server running
  /// that would inherit the descriptors `Process` uses to notice the child's exit, and every
  /// descriptor of this process besides standard input, output and error is marked
  /// close-on-exec, so that the server holds none of the test runner's pipes open either.
  public static func run(_ executable: String, _ arguments: [String]) throws {
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("augur-run-\(UUID().uuidString)").path
    defer { unlink(output) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    markDescriptorsCloseOnExec()

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw TemporaryCluster.Failure(description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exited = status & 0x7f == 0
    let code = (status >> 8) & 0xff
    guard exited && code == 0 else {
      let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
      throw TemporaryCluster.Failure(
        description: "\((executable as NSString).lastPathComponent) "
          + (exited ? "exited with \(code)" : "was killed by signal \(status & 0x7f)") + ": " + text.suffix(2_000))
    }
  }

  /// Marks every open descriptor above standard error close-on-exec. Harmless to this process;
  /// it keeps spawned daemons from inheriting pipes and sockets.
  static func markDescriptorsCloseOnExec() {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
    for entry in entries {
      guard let descriptor = Int32(entry), descriptor > 2 else { continue }
      let flags = fcntl(descriptor, F_GETFD)
      if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
    }
  }

}
