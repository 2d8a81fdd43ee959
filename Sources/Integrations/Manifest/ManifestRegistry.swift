import Foundation

/// The integration manifests, read once at start-up. Loading checks every file and reports all
/// problems at once, each naming its file, so a broken manifest stops the server with a message
/// that says what to fix.
public struct ManifestRegistry: Sendable {
    public let manifests: [IntegrationManifest]

    /// Context loader ids this build knows.
    public static let knownContextLoaders: Set<String> = ["gmail", "calendar", "ics-feed"]
    static func isValidType(_ type: String) -> Bool {
        (1...40).contains(type.count) && type.first!.isLowercase && type.first!.isASCII
            && type.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    public init(manifests: [IntegrationManifest]) {
        self.manifests = manifests.sorted { $0.type < $1.type }
    }

    public static let empty = ManifestRegistry(manifests: [])

    public func manifest(_ type: String) -> IntegrationManifest? {
        manifests.first { $0.type == type }
    }

    /// Types whose keywords appear in `text` (whole words, case-insensitive), only those that
    /// can carry context (not planned ones).
    public func types(matching text: String) -> [String] {
        let words = Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init))
        let lowered = text.lowercased()
        return manifests.filter { manifest in
            manifest.status != .planned && manifest.keywords.contains { keyword in
                keyword.contains(" ") ? lowered.contains(keyword) : words.contains(keyword)
            }
        }.map(\.type)
    }

    /// Reads every `*.json` in `directory`.
    public static func load(directory: String) throws(ManifestError) -> ManifestRegistry {
        let url = URL(fileURLWithPath: directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw ManifestError(["\(directory): cannot read the integrations folder (set PERIN_INTEGRATIONS_DIR)"])
        }
        var problems: [String] = []
        var manifests: [IntegrationManifest] = []
        for name in names {
            let file = url.appendingPathComponent(name)
            do {
                let manifest = try JSONDecoder().decode(IntegrationManifest.self, from: Data(contentsOf: file))
                let issues = validate(manifest, fileName: name)
                if issues.isEmpty { manifests.append(manifest) } else { problems += issues.map { "\(name): \($0)" } }
            } catch let DecodingError.keyNotFound(key, _) {
                problems.append("\(name): missing field '\(key.stringValue)'")
            } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
                problems.append("\(name): invalid value at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
            } catch let DecodingError.typeMismatch(_, context) {
                problems.append("\(name): wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'")
            } catch {
                problems.append("\(name): not valid JSON")
            }
        }
        var seen: Set<String> = []
        for manifest in manifests where !seen.insert(manifest.type).inserted {
            problems.append("type '\(manifest.type)' is declared twice")
        }
        if manifests.isEmpty && problems.isEmpty { problems.append("\(directory): no manifests found") }
        guard problems.isEmpty else { throw ManifestError(problems) }
        return ManifestRegistry(manifests: manifests)
    }

    static func validate(_ manifest: IntegrationManifest, fileName: String) -> [String] {
        var issues: [String] = []
        if !isValidType(manifest.type) {
            issues.append("type '\(manifest.type)' must be lower-case letters, digits and '-'")
        }
        if fileName != "\(manifest.type).json" { issues.append("file must be named \(manifest.type).json") }
        if manifest.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.append("name must not be empty") }
        if manifest.keywords.contains(where: { $0.isEmpty || $0 != $0.lowercased() }) {
            issues.append("keywords must be non-empty and lower-case")
        }
        guard manifest.status != .planned else { return issues }
        if manifest.auth == .oauth2 {
            if manifest.provider != "google" { issues.append("OAuth2 provider '\(manifest.provider)' is not supported yet; mark it planned") }
            if manifest.scopes.isEmpty { issues.append("an OAuth2 integration must request scopes") }
            if let missing = manifest.requiredScopes.first(where: { !manifest.scopes.contains($0) }) {
                issues.append("required scope '\(missing)' is not among the requested scopes")
            }
        }
        if let loader = manifest.contextLoader, !knownContextLoaders.contains(loader) {
            issues.append("unknown context loader '\(loader)' (known: \(knownContextLoaders.sorted().joined(separator: ", ")))")
        }
        if let base = manifest.apiBase, URL(string: base)?.scheme?.hasPrefix("http") != true {
            issues.append("apiBase '\(base)' is not an http(s) URL")
        }
        return issues
    }
}

/// Every problem found in the manifests, one per line.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]

    public init(_ problems: [String]) {
        self.problems = problems
    }

    public var description: String {
        "invalid integration manifests:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
