import Foundation

/// Where Google lives and who we are to it. Every URL is overridable (tests point them at
/// `FakeGoogleServer`); the defaults are Google's real endpoints.
public struct GoogleConfiguration: Sendable, Hashable {
    public var clientID: String?
    public var clientSecret: String?
    public var authURL = "https://accounts.google.com/o/oauth2/v2/auth"
    public var tokenURL = "https://oauth2.googleapis.com/token"
    public var revokeURL = "https://oauth2.googleapis.com/revoke"
    public var userInfoURL = "https://openidconnect.googleapis.com/v1/userinfo"
    public var gmailBaseURL = "https://gmail.googleapis.com/gmail/v1"
    public var calendarBaseURL = "https://www.googleapis.com/calendar/v3"

    public init() {}

    /// True when a client id and secret are set, so accounts can be connected.
    public var isConfigured: Bool { clientID?.isEmpty == false && clientSecret?.isEmpty == false }

    public static func fromEnvironment(_ environment: [String: String]) -> GoogleConfiguration {
        var configuration = GoogleConfiguration()
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func url(_ name: String) -> String? {
            guard var text = value(name) else { return nil }
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        configuration.clientID = value("GOOGLE_CLIENT_ID")
        configuration.clientSecret = value("GOOGLE_CLIENT_SECRET")
        configuration.authURL = url("GOOGLE_AUTH_URL") ?? configuration.authURL
        configuration.tokenURL = url("GOOGLE_TOKEN_URL") ?? configuration.tokenURL
        configuration.revokeURL = url("GOOGLE_REVOKE_URL") ?? configuration.revokeURL
        configuration.userInfoURL = url("GOOGLE_USERINFO_URL") ?? configuration.userInfoURL
        configuration.gmailBaseURL = url("GMAIL_API_BASE_URL") ?? configuration.gmailBaseURL
        configuration.calendarBaseURL = url("GOOGLE_CALENDAR_API_BASE_URL") ?? configuration.calendarBaseURL
        return configuration
    }
}
