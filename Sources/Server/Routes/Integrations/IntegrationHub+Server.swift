import Foundation
import Integrations
import Logging
import Storage

extension IntegrationHub {
    /// The hub for `perin serve`: manifests already validated, tokens sealed with the configured
    /// key (a bad key is a start-up error).
    static func make(configuration: ServerConfiguration, database: PerinDatabase, registry: ManifestRegistry, logger: Logger) throws -> IntegrationHub {
        guard let key = configuration.encryptionKey else { throw ConfigurationError("no encryption key configured") }
        let cipher: TokenCipher
        do { cipher = try TokenCipher(base64Key: key, keyID: configuration.encryptionKeyID) } catch {
            throw ConfigurationError("PERIN_ENCRYPTION_KEY / secrets.json: \(error.description)")
        }
        return IntegrationHub(database: database, registry: registry, google: configuration.google, publicURL: configuration.publicURL,
                              cipher: cipher, logger: logger)
    }

    /// A hub that always builds (in-process use and tests): manifests from the configured
    /// folder when readable, else none; the configured key when valid, else a per-process key.
    static func makeDefault(configuration: ServerConfiguration, database: PerinDatabase, logger: Logger) -> IntegrationHub {
        let registry = (try? ManifestRegistry.load(directory: configuration.integrationsDirectory)) ?? .empty
        let cipher = configuration.encryptionKey.flatMap { try? TokenCipher(base64Key: $0, keyID: configuration.encryptionKeyID) } ?? .ephemeral()
        return IntegrationHub(database: database, registry: registry, google: configuration.google, publicURL: configuration.publicURL,
                              cipher: cipher, logger: logger)
    }
}
