import Foundation
import Glibc
import OPXStorage

/// A child process in its own process group with piped stdin, stdout and stderr.
///
/// I/O runs on dedicated threads, so a slow or stuck child never blocks the cooperative pool.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32
    private let state = Locked<(status: Int32, stderr: [UInt8])>((0, []))

    init(command: [String], environment: [String: String]) throws {
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        var pipes: [Int32] = Array(repeating: -1, count: 6)
        var child: pid_t = 0
        // Close-on-exec, under one lock for creating pipes and spawning: a child spawned concurrently must not
        // inherit another child's pipe ends (it would hold that child's stdin open, and neither would see end of
        // input). dup2 in the child clears the flag on 0–2.
        try Self.spawnLock.withLock { _ in try Self.spawn(command: command, env: env, pipes: &pipes, pid: &child) }
        pid = child
        stdinFD = pipes[1]
        stdoutFD = pipes[2]
        stderrFD = pipes[4]
    }

    private static let spawnLock = Locked(())

    /// Creates the three pipes (close-on-exec) and spawns `command` in a new process group.
    private static func spawn(command: [String], env: [String: String], pipes: inout [Int32], pid: inout pid_t) throws {
        for i in 0..<3 {
            guard pipes.withUnsafeMutableBufferPointer({ pipe($0.baseAddress! + i * 2) }) == 0 else {
                throw AgentProcessError("cannot create a pipe: errno \(errno)")
            }
            _ = fcntl(pipes[i * 2], F_SETFD, FD_CLOEXEC)
            _ = fcntl(pipes[i * 2 + 1], F_SETFD, FD_CLOEXEC)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipes[0], 0)
        posix_spawn_file_actions_adddup2(&actions, pipes[3], 1)
        posix_spawn_file_actions_adddup2(&actions, pipes[5], 2)
        for fd in pipes { posix_spawn_file_actions_addclose(&actions, fd) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        let argv = command.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let result = posix_spawnp(&pid, command[0], &actions, &attributes, argv, envp)
        close(pipes[0]); close(pipes[3]); close(pipes[5])
        guard result == 0 else {
            close(pipes[1]); close(pipes[2]); close(pipes[4])
            throw AgentProcessError("cannot start \(command[0]): \(String(cString: strerror(result))); check the agent's command in the config file")
        }
    }

    /// The exit status (negative: killed by that signal), valid after ``communicate(_:)``.
    var status: Int32 { state.withLock { $0.status } }
    /// The last 300 bytes of stderr, as text.
    var stderrTail: String {
        String(decoding: state.withLock { $0.stderr.suffix(300) }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes `input` to stdin and closes it, reads stdout and stderr to the end, waits for the exit.
    func communicate(_ input: [UInt8]) async throws -> [UInt8] {
        let (stdinFD, stdoutFD, stderrFD, pid, state) = (stdinFD, stdoutFD, stderrFD, pid, state)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                signal(SIGPIPE, SIG_IGN)
                input.withUnsafeBytes { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let n = write(stdinFD, buffer.baseAddress! + offset, buffer.count - offset)
                        if n <= 0 { break }
                        offset += n
                    }
                }
                close(stdinFD)
            }
            let stderrDone = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                let stderr = Self.readAll(stderrFD)
                state.withLock { $0.stderr = stderr }
                stderrDone.signal()
            }
            Thread.detachNewThread {
                let output = Self.readAll(stdoutFD)
                var raw: Int32 = 0
                while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
                let exited = raw & 0x7f == 0
                state.withLock { $0.status = exited ? (raw >> 8) & 0xff : -(raw & 0x7f) }
                _ = stderrDone.wait(timeout: .now() + 1)  // a grandchild may keep stderr open; do not wait for it
                continuation.resume(returning: output)
            }
        }
    }

    /// Kills the child's whole process group.
    func killGroup() {
        kill(-pid, SIGKILL)
    }

    private static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 { out += buffer[0..<n] } else if n < 0 && errno == EINTR { continue } else { break }
            if out.count > 16 << 20 { break }
        }
        close(fd)
        return out
    }
}
