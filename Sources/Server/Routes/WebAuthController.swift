import Foundation
import Hummingbird
import Storage

/// Password login for the web: `GET /login`, `POST /login`, `POST /logout`.
///
/// The session cookie is HttpOnly, SameSite=Lax, and Secure whenever the public URL is https.
struct WebAuthController: Sendable {
    let users: UserRepository
    let sessions: WebSessionRepository
    let audit: AuditLogRepository
    let secureCookies: Bool
    static let sessionLifetime: TimeInterval = 14 * 24 * 3600

    struct LoginForm: Decodable {
        let email: String
        let password: String
    }

    func addRoutes(to router: Router<PerinRequestContext>, loginLimit: RateLimitMiddleware<PerinRequestContext>) {
        router.get("/login") { _, _ in HTMLPage.response(Self.loginPage(error: nil)) }
        router.group("/login").add(middleware: loginLimit).post { request, context -> Response in
            let form: LoginForm
            if request.headers[.contentType]?.hasPrefix("application/json") == true {
                form = try await request.decodeJSON(as: LoginForm.self, context: context)
            } else {
                form = try await URLEncodedFormDecoder().decode(LoginForm.self, from: String(buffer: request.body.collect(upTo: context.maxUploadSize)))
            }
            let user = try await users.find(email: form.email)
            guard try await PasswordHasher.verify(form.password, hash: user?.passwordHash), let user else {
                try await audit.record(userID: user?.id, action: "login.failed", ip: context.clientIP)
                return HTMLPage.response(Self.loginPage(error: "Wrong email or password."), status: .unauthorized)
            }
            let secret = try await sessions.create(userID: user.id, lifetime: Self.sessionLifetime)
            try await audit.record(userID: user.id, action: "login", ip: context.clientIP)
            var response = Response(status: .seeOther, headers: [.location: "/"])
            response.setCookie(Cookie(
                name: Authenticator.sessionCookieName, value: secret, maxAge: Int(Self.sessionLifetime), path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .lax
            ))
            return response
        }
        router.post("/logout") { request, _ -> Response in
            if let secret = request.cookies[Authenticator.sessionCookieName]?.value {
                try await sessions.delete(secret: secret)
            }
            var response = Response(status: .seeOther, headers: [.location: "/login"])
            response.setCookie(Cookie(
                name: Authenticator.sessionCookieName, value: "", maxAge: 0, path: "/",
                secure: secureCookies, httpOnly: true, sameSite: .lax
            ))
            return response
        }
    }

    static func loginPage(error: String?) -> String {
        let message = error.map { "<p class=\"error\" role=\"alert\">\(HTMLPage.escape($0))</p>" } ?? ""
        return HTMLPage.layout(title: "Sign in — Perin", body: """
            <main class="narrow"><h1>Sign in to Perin</h1>\(message)
            <form method="post" action="/login">
            <label>Email <input type="email" name="email" autocomplete="username" required></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button></form></main>
            """)
    }
}
