import AsyncHTTPClient
import Foundation
import PerinTesting

/// Just the fake, for tests that need no Perin server.
struct IntegrationsHarnessLite {
    let google: FakeGoogleServer
    /// One client for the whole test process (never shut down, so never deinitialised live).
    static let noRedirects = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    /// The Location of a redirect answer.
    func redirect(_ url: String) async throws -> String {
        let response = try await IntegrationsHarnessLite.noRedirects.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        guard let location = response.headers.first(name: "Location") else { throw HarnessError("no redirect: \(response.status)") }
        return location
    }
}
