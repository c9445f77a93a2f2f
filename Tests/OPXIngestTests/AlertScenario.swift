import OPXEvents

/// Alertmanager webhooks built for correlation tests: mostly one alert per webhook.
struct AlertScenario {
    /// One webhook body.
    struct Webhook {
        var body: [UInt8]
    }

    /// The base time, aligned to the default 300 s window: 2026-11-24T00:00:00Z.
    static let base: Int64 = 1_795_478_400

    /// A webhook with one alert.
    static func webhook(fingerprint: String, service: String, severity: String, name: String = "HighErrorRate",
                        status: String = "firing", startSecond: Int64, endSecond: Int64? = nil) -> Webhook {
        Webhook(body: body([alert(fingerprint: fingerprint, service: service, severity: severity, name: name, status: status,
                                  startSecond: startSecond, endSecond: endSecond)], status: status))
    }

    /// One alert of a webhook, as JSON text.
    static func alert(fingerprint: String, service: String, severity: String, name: String = "HighErrorRate",
                      status: String = "firing", startSecond: Int64, endSecond: Int64? = nil) -> String {
        let starts = Timestamp(nanoseconds: (base + startSecond) * 1_000_000_000).payloadText
        let ends = endSecond.map { Timestamp(nanoseconds: (base + $0) * 1_000_000_000).payloadText } ?? "0001-01-01T00:00:00Z"
        return """
        {"status":"\(status)",\
        "labels":{"alertname":"\(name)","service":"\(service)","severity":"\(severity)"},\
        "annotations":{"summary":"\(name) on \(service)"},"startsAt":"\(starts)","endsAt":"\(ends)",\
        "fingerprint":"\(fingerprint)"}
        """
    }

    /// A webhook body holding `alerts` (from ``alert(fingerprint:service:severity:name:status:startSecond:endSecond:)``).
    static func body(_ alerts: [String], status: String = "firing") -> [UInt8] {
        Array(#"{"version":"4","status":"\#(status)","receiver":"opx","groupKey":"{}","alerts":[\#(alerts.joined(separator: ","))]}"#.utf8)
    }

    /// A reproducible mix of firing, repeated and resolved alerts over three services and three windows.
    static func random(seed: UInt64) -> [Webhook] {
        var random = SplitMix64(seed: seed)
        var webhooks: [Webhook] = []
        for service in ["checkout", "payments", "search"] {
            for window in Int64(0)..<3 {
                let alerts = Int(random.next() % 4) + 1
                for index in 0..<alerts {
                    let fingerprint = "\(service)-\(window)-\(index)"
                    let severity = ["critical", "warning", "info", "warning"][Int(random.next() % 4)]
                    let start = window * 300 + Int64(random.next() % 200)
                    webhooks.append(webhook(fingerprint: fingerprint, service: service, severity: severity, startSecond: start))
                    if random.next() % 3 == 0 {
                        webhooks.append(webhook(fingerprint: fingerprint, service: service, severity: severity, startSecond: start))
                    }
                    if random.next() % 2 == 0 {
                        webhooks.append(webhook(fingerprint: fingerprint, service: service, severity: severity,
                                                status: "resolved", startSecond: start, endSecond: start + 60))
                    }
                }
            }
        }
        return webhooks
    }
}
