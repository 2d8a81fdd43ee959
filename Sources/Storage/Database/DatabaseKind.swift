/// The two back ends Perin stores its data in.
public enum DatabaseKind: String, Sendable, Codable {
    /// Embedded default: one file in the data folder, no server needed.
    case sqlite
    /// Production: several Perin processes can share one PostgreSQL.
    case postgresql
}
