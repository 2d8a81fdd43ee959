import CLibical
import Foundation

/// The single gate into libical. Every call into the C library runs inside `Libical.run`,
/// which holds one process-wide lock. Why serialise everything rather than only parts:
/// libical 3.0 keeps process-global state that is not safe to touch from two threads at
/// once — the lazily filled builtin time-zone array and each zone's cached "changes" table
/// (grown on demand by every offset lookup), the TZID prefix, the error-handling settings,
/// and the temporary-string ring buffer. Our zone tables (`ZoneRules`) also fill lazily under
/// this lock. Calendar work is short (milliseconds), so one lock costs little on a 2-core box.
enum Libical {
    private static let lock = NSLock()

    /// Runs once, on first use: errors never abort the process, and builtin zones (read from
    /// the system zoneinfo, since Debian builds libical without its own tzdata) carry plain
    /// IANA TZIDs ("Europe/Berlin") instead of "/freeassociation.sourceforge.net/…".
    private static let configured: Void = {
        perin_ical_errors_not_fatal()
        icaltimezone_set_tzid_prefix("")
    }()

    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        _ = configured
        perin_icalerrno_clear()
        return try body()
    }

    /// Takes a string that libical allocated for the caller (`*_r` functions) and frees it.
    static func takeString(_ pointer: UnsafeMutablePointer<CChar>?, keepingCR: Bool = false) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        return keepingCR ? String(cString: pointer) : string(UnsafePointer(pointer))
    }

    /// A borrowed C string (owned by libical) copied into Swift. CRs are dropped: line breaks
    /// read back as LF, and a stray CR inside a value cannot survive a write, so without this
    /// a parse → write → parse round trip would not give back the same values.
    static func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        let s = String(cString: pointer)
        return s.utf8.contains(13) ? s.replacingOccurrences(of: "\r", with: "") : s
    }
}

/// An `icalcomponent *` this code owns; `deinit` frees it with everything below it.
/// Only used inside `Libical.run`, never shared across threads.
final class ComponentHandle {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Hands ownership to libical (e.g. after `icalcomponent_add_component`).
    private var released = false
    func release() -> OpaquePointer {
        released = true
        return pointer
    }

    deinit {
        if !released { icalcomponent_free(pointer) }
    }
}
