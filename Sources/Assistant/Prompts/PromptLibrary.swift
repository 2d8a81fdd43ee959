import Foundation
import Mustache

/// The prompt templates, read once at start-up from `PROMPTS_DIR`. A missing or broken
/// template fails start-up with an error that names the file, instead of a blank prompt
/// at the first chat.
public struct PromptLibrary: Sendable {
    public enum Name: String, CaseIterable, Sendable {
        case system, planner, responder, delegation, classify, analysis
    }

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private let templates: [Name: MustacheTemplate]

    public init(directory: String) throws {
        var templates: [Name: MustacheTemplate] = [:]
        for name in Name.allCases {
            let path = URL(fileURLWithPath: directory).appendingPathComponent("\(name.rawValue).mustache").path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LoadError(description: "prompt template '\(name.rawValue).mustache' is missing in \(directory) (set PROMPTS_DIR)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw LoadError(description: "prompt template \(path) is not UTF-8")
            }
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch {
                throw LoadError(description: "prompt template \(path) does not parse: \(error)")
            }
        }
        self.templates = templates
    }

    /// The templates shipped in the repository: `Prompts/` beside the working directory, or
    /// found by walking up from this source file (tests run from anywhere).
    public static func bundled() throws -> PromptLibrary {
        let candidates = [
            "Prompts",
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Prompts").standardized.path,
        ]
        let found = candidates.first { FileManager.default.fileExists(atPath: $0 + "/system.mustache") } ?? "Prompts"
        return try PromptLibrary(directory: found)
    }

    public func render(_ name: Name, _ values: [String: Any]) -> String {
        templates[name]?.render(values).trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
