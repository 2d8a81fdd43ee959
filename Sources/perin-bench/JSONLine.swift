import Foundation

/// Prints one benchmark result as a single JSON line (keys sorted, so lines diff cleanly).
func printJSONLine(_ fields: [String: any Sendable]) {
    var object: [String: Any] = [:]
    for (key, value) in fields { object[key] = value }
    if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
       let line = String(data: data, encoding: .utf8) {
        print(line)
        fflush(nil)  // lines arrive as they are measured, also when piped (nil: every stream)
    }
}

/// The value at `fraction` (0...1) of an already sorted sample, nearest-rank.
func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
