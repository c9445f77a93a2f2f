import OPXEvents

/// Checks an OTLP/JSON export: its structure, the summary carried as the `opx.export.summary`
/// resource attribute (its own hash chained to the last span's `opx.event.hash`), and that the span
/// count, first and last positions and last hash agree with it.
///
/// A span's content is not hash-covered (it is a derived view of a `trace.span-recorded` event);
/// its `opx.event.hash` names the event, which a CloudEvents export of the same selection proves.
/// Problems are reported at line 1, the document's only line.
enum OTLPExportChecker {
    static func check(_ bytes: [UInt8]) -> ExportVerificationReport {
        var report = ExportVerificationReport()
        report.format = .otlp
        let parsed = Result { () throws(JSONParseError) in
            try JSONParser.parse(bytes, limits: JSONLimits(maxBytes: ExportVerifier.maximumOTLPBytes, maxMembers: 10_000_000))
        }
        let document: JSONValue
        switch parsed {
        case .failure(let error): report.report(1, "not valid JSON: \(error)"); return report
        case .success(let value): document = value
        }
        guard let resource = document["resourceSpans"]?[0], let spans = resource["scopeSpans"]?[0]?["spans"]?.arrayValue,
              let attributes = resource["resource"]?["attributes"]?.arrayValue else {
            report.report(1, "not an opx OTLP export: expected resourceSpans[0] with scopeSpans[0].spans and resource.attributes")
            return report
        }
        var previous: (position: UInt64, hash: EventHash)?
        var first: UInt64?
        for (index, span) in spans.enumerated() {
            let values = Dictionary((span["attributes"]?.arrayValue ?? []).compactMap { kv in
                kv["key"]?.stringValue.map { ($0, kv["value"]?["stringValue"]?.stringValue ?? kv["value"]?["intValue"]?.stringValue ?? "") }
            }, uniquingKeysWith: { a, _ in a })
            guard let position = values["opx.event.position"].flatMap({ UInt64($0) }),
                  let hash = values["opx.event.hash"].flatMap(EventHash.init(hex:)) else {
                report.report(1, "span \(index) lacks its opx.event.position or opx.event.hash attribute")
                continue
            }
            if let previous, position <= previous.position {
                report.report(1, "span \(index) (position \(position)) comes after position \(previous.position): spans are out of order or repeated")
            }
            first = first ?? position
            previous = (position, hash)
            report.events += 1
        }
        guard let text = attributes.first(where: { $0["key"]?.stringValue == OTLPSpanWriter.summaryAttribute })?["value"]?["stringValue"]?.stringValue,
              let summaryObject = (try? JSONParser.parse(text))?.objectValue else {
            report.report(1, "the resource has no readable \(OTLPSpanWriter.summaryAttribute) attribute (the summary)")
            return report
        }
        switch ExportSummary.parse(summaryObject, previous: previous?.hash) {
        case .failure(let problem): report.report(1, problem.message)
        case .success(let summary):
            report.summary = summary
            if summary.count != report.events || (first.map { $0 != summary.firstPosition } ?? false)
                || (previous.map { $0.position != summary.lastPosition || $0.hash != summary.lastHash } ?? false) {
                report.report(1, "the summary (\(summary.count) spans, positions \(summary.firstPosition)–\(summary.lastPosition)) does not match the \(report.events) spans present")
            }
        }
        return report
    }
}
