/// What kind of change a `change.recorded` event describes.
package enum ChangeKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A new version of a service was deployed.
    case deployment
    /// A configuration value changed.
    case configuration
    /// A feature flag changed.
    case featureFlag = "feature-flag"
    /// Infrastructure changed (instances, networks, databases).
    case infrastructure
    /// A deployment was rolled back.
    case rollback
    /// Anything else.
    case other
}
