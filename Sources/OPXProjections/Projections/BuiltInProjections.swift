/// The projections opx ships, and how they are run by default.
package enum BuiltInProjections {
    /// Every built-in projection, with the status table's retention.
    package static func all(retention: Duration = StatusTableProjection.defaultRetention) -> [any Projection] {
        [
            InvestigationsProjection(), CheckpointsProjection(), StatusTableProjection(retention: retention),
            TokenAnalyticsProjection(), IncidentsProjection(), TracesProjection(), GuardrailViolationsProjection(),
            ValidationErrorsProjection(), EvidenceProjection(),
        ]
    }

    /// Every built-in projection registered in `mode`.
    package static func registrations(mode: ProjectionRunner.Mode = .inline,
                                      retention: Duration = StatusTableProjection.defaultRetention) -> [ProjectionRunner.Registration] {
        all(retention: retention).map { ProjectionRunner.Registration($0, mode: mode) }
    }

    /// The names of the built-in projections.
    package static var names: [String] { all().map(\.name) }
}
