@testable import Storage
import Testing

/// The cached column-name rule must match Foundation's snake-case conversion (which SQLKit's
/// `convertToSnakeCase` follows) for every shape of name the records use.
@Suite("snake_case column names")
struct SnakeCaseColumnsTests {
    @Test(arguments: [
        ("ownerId", "owner_id"), ("calendarEventId", "calendar_event_id"), ("id", "id"), ("iCalUID", "i_cal_uid"),
        ("myURLProperty", "my_url_property"), ("manageTokenHash", "manage_token_hash"), ("line2Text", "line2_text"),
        ("URL", "url"), ("a", "a"),
    ])
    func converts(name: String, column: String) {
        #expect(SnakeCaseColumns.convert(name) == column)
        #expect(SnakeCaseColumns.column(for: name) == column)
        #expect(SnakeCaseColumns.column(for: name) == column, "the cached answer is the same")
    }
}
