import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP server on a real socket that answers one request with `200 OK` and keeps what it received;
/// `beforeReply` runs once the request arrived, before the answer (to look at the world as the caller left it).
final class OneShotHTTPServer: @unchecked Sendable {
    // Safe to share: `received` is written once by the serving thread before `done` is signalled, read after.
    let port: UInt16
    private let listener: Int32
    private var received = Data()
    private let done = DispatchSemaphore(value: 0)
    private let beforeReply: @Sendable () -> Void

    init(beforeReply: @escaping @Sendable () -> Void = {}) throws {
        self.beforeReply = beforeReply
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(listener, 1) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        self.listener = listener
        Thread { [self] in serve() }.start()
    }

    private func serve() {
        let connection = accept(listener, nil, nil)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var data = Data()
        while true {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
            if let header = data.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<header.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if data.count - header.upperBound >= length { break }
            }
        }
        beforeReply()
        let reply = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _ = reply.withCString { write(connection, $0, strlen($0)) }
        close(connection)
        close(listener)
        received = data
        done.signal()
    }

    /// The request received (headers and body), once it arrived.
    func request(timeout: Double = 10) -> String? {
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return String(decoding: received, as: UTF8.self)
    }
}
