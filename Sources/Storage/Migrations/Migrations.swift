/// Every schema migration, in order. Add a new one as its own file and list it here; never
/// edit one that has shipped.
public enum Migrations {
    public static let all: [Migration] = [
        Migration001Foundation.migration,
        Migration020GraphCheckpoints.migration,
        Migration030Notifications.migration,
        Migration031Integrations.migration,
        Migration032Calendar.migration,
        Migration040Delegation.migration,
        Migration041NotificationSignal.migration,
        Migration042Network.migration,
    ]
}
