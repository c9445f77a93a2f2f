import Hummingbird
import NIOCore
import OPXEventLog
import OPXEvents
import OPXStorage

/// `/healthz` (no token) and `/metrics` (`read` scope).
struct OperationsRoutes {
    let log: EventLog
    let metrics: ServerMetrics

    /// `GET /healthz`: LMDB version, map use, reader slots and the head position; 503 when the
    /// store cannot be read.
    func addHealth(to router: Router<OPXRequestContext>) {
        router.get("healthz") { _, _ in
            let info = log.environment.info
            let head: LogHead
            do { head = try log.head() } catch {
                throw APIError.unavailable("store-unavailable", "the store cannot be read: \(error)")
            }
            return jsonResponse([
                "status": "ok", "lmdbVersion": .string(info.lmdbVersion),
                "mapSize": .number(JSONNumber(Int64(info.mapSize))), "mapUse": .number(JSONNumber(info.mapUse)),
                "readersUsed": .number(JSONNumber(Int64(info.readersUsed))), "maxReaders": .number(JSONNumber(Int64(info.maxReaders))),
                "headPosition": .number(JSONNumber(Int64(head.position.rawValue))), "headHash": .string(head.hash.description),
            ])
        }
    }

    /// `GET /metrics`: Prometheus text exposition (the registry's metrics, then the writer's histograms).
    func addMetrics(to group: RouterGroup<OPXRequestContext>) {
        group.get("metrics") { _, _ in
            try StoreGauges(log: log, metrics: metrics).update()
            let text = metrics.exposition() + WriterHistograms(snapshot: log.environment.writerStatistics.snapshot).exposition()
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
