/// Booking references a person can read out: 8 characters from an alphabet without 0/O,
/// 1/I/L and U/V look-alikes, shown as two groups ("K7QM-4TXP"). 28^8 ≈ 3.8e11 codes; the
/// database's unique index catches the rare collision and the caller draws again.
public enum ReferenceCode {
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTWXYZ")

    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let chars = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return String(chars[0..<4]) + "-" + String(chars[4..<8])
    }

    /// Accepts lower case and a missing dash.
    public static func normalize(_ text: String) -> String? {
        let clean = text.uppercased().filter { $0 != "-" && $0 != " " }
        guard clean.count == 8, clean.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return String(clean.prefix(4)) + "-" + String(clean.suffix(4))
    }
}
