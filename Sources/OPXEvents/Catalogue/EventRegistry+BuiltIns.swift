extension EventRegistry {
    /// Every built-in event type, one per schema in `Schemas/events/` (tests keep the two in step).
    ///
    /// ```swift
    /// @Test(arguments: EventRegistry.allTypes) func roundTrips(_ type: any CatalogueEvent.Type) { … }
    /// ```
    package static let allTypes: [any CatalogueEvent.Type] = [
        // Signals and incidents
        SignalIngested.self, DetectionFired.self, ChangeRecorded.self,
        IncidentOpened.self, IncidentSignalAttached.self, IncidentSeverityChanged.self, IncidentMitigated.self,
        IncidentResolved.self,
        // Investigations
        InvestigationStarted.self, AgentInvoked.self, AgentOutputRecorded.self, AgentFailed.self,
        ValidationRecorded.self, GuardrailViolated.self, ConsensusReached.self, RecommendationReviewed.self,
        InvestigationCompleted.self, InvestigationFailed.self, InvestigationResumed.self,
        // Cost and traces
        UsageRecorded.self, BudgetThresholdCrossed.self, TraceSpanRecorded.self,
        // Operations
        AlertRaised.self, AlertSuppressed.self, SchemaRegistered.self,
    ]

    /// Every built-in agent output document type, one per schema in `Schemas/agents/`.
    package static let allAgentOutputTypes: [any AgentOutputDocument.Type] = [
        SignalIntelligenceOutput.self, HistoricalPatternOutput.self, ChangeIntelligenceOutput.self,
        RiskBlastRadiusOutput.self, KnowledgeRunbookOutput.self, ResponseStrategyOutput.self, ConsensusOutput.self,
    ]

    /// The built-in Swift type for an event type, if there is one.
    ///
    /// - Parameter type: The event type.
    /// - Returns: The type whose ``CatalogueEvent/eventType`` it is.
    package static func swiftType(for type: EventType) -> (any CatalogueEvent.Type)? {
        builtInTypesByName[type.rawValue]
    }

    private static let builtInTypesByName: [String: any CatalogueEvent.Type] = {
        var result: [String: any CatalogueEvent.Type] = [:]
        for type in allTypes { result[type.eventType.rawValue] = type }
        return result
    }()
}
