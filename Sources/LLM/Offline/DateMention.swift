public import Foundation

/// A date or time the user mentioned, resolved to instants in their time zone.
public struct DateMention: Sendable, Hashable {
    /// How exact the user was: "at 3pm" is a minute, "tomorrow" a day.
    public enum Precision: String, Sendable, Hashable {
        case minute, partOfDay, day, week
    }

    /// The start of the mention (the instant itself for a point in time).
    public var start: Date
    /// The end of a range: "2–3pm", "morning", "tomorrow", "next week"; nil for a point.
    public var end: Date?
    public var precision: Precision

    public init(start: Date, end: Date? = nil, precision: Precision) {
        self.start = start
        self.end = end
        self.precision = precision
    }

    /// True when the user named an exact time ("at 10", "in 2 hours").
    public var hasTime: Bool { precision == .minute }
}
