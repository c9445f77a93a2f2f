package import OPXEvents

/// The service dependency graph of the `services` config section: which service calls which.
///
/// ```json
/// "services": {
///   "checkout": { "dependsOn": ["payments", "inventory"], "criticality": "critical", "owner": "team-shop" },
///   "payments": { "dependsOn": ["payments-db"], "criticality": "critical" }
/// }
/// ```
///
/// When a service fails, the services that depend on it (directly or through others) are its blast radius; the
/// services it depends on are where a cause may sit.
package struct ServiceGraph: Sendable, Hashable {
    /// One service.
    package struct Node: Sendable, Hashable {
        /// The services it calls.
        package var dependsOn: [String]
        /// How much it matters: `low`, `medium`, `high`, `critical`.
        package var criticality: RiskBlastRadiusDetails.Level?
        /// Who owns it.
        package var owner: String?
        /// Whether customers use it directly.
        package var customerFacing: Bool

        /// Creates a node.
        package init(dependsOn: [String] = [], criticality: RiskBlastRadiusDetails.Level? = nil, owner: String? = nil,
                     customerFacing: Bool = false) {
            self.dependsOn = dependsOn
            self.criticality = criticality
            self.owner = owner
            self.customerFacing = customerFacing
        }

        /// Reads a node's object, rejecting unknown keys.
        init(reader: ConfigReader) throws {
            var reader = reader
            dependsOn = try reader.strings("dependsOn") ?? []
            criticality = try reader.choice("criticality")
            owner = try reader.string("owner")
            customerFacing = try reader.bool("customerFacing", default: false)
            try reader.finish()
        }
    }

    /// A service affected by a failure, and how.
    package struct Impact: Sendable, Hashable {
        /// The affected service.
        package var service: String
        /// Hops from the failing service (1: calls it directly).
        package var distance: Int
        /// The affected service's criticality.
        package var criticality: RiskBlastRadiusDetails.Level?
        /// Whether customers use it directly.
        package var customerFacing: Bool
        /// The path from the failing service to it.
        package var path: [String]
    }

    /// The services, by name.
    package var nodes: [String: Node]

    /// Creates a graph; empty by default.
    package init(nodes: [String: Node] = [:]) { self.nodes = nodes }

    /// Reads the section: an object of services by name.
    ///
    /// - Throws: ``RuntimeError`` naming the file and the key path of an unknown key or a bad value.
    package init(section value: JSONValue, file: String) throws {
        var table = try ConfigReader(value, path: "services", file: file)
        var nodes: [String: Node] = [:]
        for name in table.keys {
            guard let entry = try table.object(name) else { continue }
            nodes[name] = try Node(reader: entry)
        }
        self.init(nodes: nodes)
    }

    /// Loads the `services` section of a config file; an empty graph when there is none.
    ///
    /// - Throws: ``RuntimeError`` naming the file and the key path of a bad value.
    package static func load(fromConfigFile path: String?) throws -> ServiceGraph {
        guard let path, let value = try ConfigFile.root(path)["services"] else { return ServiceGraph() }
        return try ServiceGraph(section: value, file: path)
    }

    /// Whether the graph names `service`.
    package func contains(_ service: String) -> Bool {
        nodes[service] != nil || nodes.values.contains { $0.dependsOn.contains(service) }
    }

    /// Every service the graph names, as a service or as a dependency.
    package var allServices: Set<String> { Set(nodes.keys).union(nodes.values.flatMap(\.dependsOn)) }

    /// The services `service` calls directly, sorted.
    package func dependencies(of service: String) -> [String] { (nodes[service]?.dependsOn ?? []).sorted() }

    /// The services that depend on `service`, directly or not, nearest first then by name (breadth-first).
    package func dependents(of service: String) -> [Impact] {
        var callers: [String: [String]] = [:]
        for (name, node) in nodes { for dependency in node.dependsOn { callers[dependency, default: []].append(name) } }
        var seen: Set<String> = [service]
        var frontier: [[String]] = [[service]]
        var out: [Impact] = []
        while !frontier.isEmpty {
            var next: [[String]] = []
            for path in frontier {
                for caller in (callers[path.last!] ?? []).sorted() where seen.insert(caller).inserted {
                    let node = nodes[caller]
                    out.append(Impact(service: caller, distance: path.count, criticality: node?.criticality,
                                      customerFacing: node?.customerFacing ?? false, path: path + [caller]))
                    next.append(path + [caller])
                }
            }
            frontier = next
        }
        return out
    }
}
