import Hummingbird

/// `GET /`: the owner's page after login; anyone else is sent to `/login`.
struct HomeController: Sendable {
    func addRoutes(to router: Router<PerinRequestContext>) {
        router.get("/") { _, context -> Response in
            guard let user = context.user else {
                return Response(status: .seeOther, headers: [.location: "/login"])
            }
            return HTMLPage.response(ChatPage.html(for: user))
        }
        router.get("/static/chat.js") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: ChatScript.source))
            )
        }
        router.get("/static/perin.css") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Self.stylesheet))
            )
        }
    }

    static let stylesheet = """
        body{font-family:system-ui,sans-serif;margin:0;padding:2rem;color:#1d1d1f;background:#fafafa}
        main{max-width:48rem;margin:auto}.narrow{max-width:24rem}
        label{display:block;margin:.75rem 0}input,textarea{width:100%;padding:.5rem;box-sizing:border-box}
        button{padding:.5rem 1rem;margin-top:.5rem}.error{color:#b00020}
        """ + ChatPage.stylesheet
}
