/// Every failure of this module. A struct over a private code (so cases can be added without
/// breaking callers) with a short message that is safe for logs: it never carries event text
/// beyond a property name, a TZID or a rule fragment.
public struct ICalendarError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Not UTF-8 text, or contains NUL bytes.
        case notText
        /// Input over the size limit, a content line over the line limit, or too many components.
        case tooLarge
        /// Components nested deeper than the limit.
        case nestingTooDeep
        /// BEGIN/END do not match, input ends inside a component, or it is not a VCALENDAR.
        case malformed
        /// A required property is missing (UID, DTSTART).
        case missingProperty
        /// A property value does not parse (a bad date, a bad duration, …).
        case invalidValue
        /// An RRULE that does not parse.
        case invalidRecurrenceRule
        /// A TZID that is neither in the file's VTIMEZONE blocks nor in the zone database.
        case unknownTimeZone
        /// libical failed where it should not (out of memory, internal error).
        case library
    }

    public let code: Code
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    static func invalidRecurrenceRule(_ message: String) -> Self { .init(.invalidRecurrenceRule, message) }
    static func invalidValue(_ message: String) -> Self { .init(.invalidValue, message) }
    static func malformed(_ message: String) -> Self { .init(.malformed, message) }

    public var description: String { "ICalendarError.\(code.rawValue): \(message)" }
}
