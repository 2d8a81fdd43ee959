/// On PostgreSQL every new notification row raises `NOTIFY perin_notifications` with
/// "user_id id", whatever process or module inserted it, so live streams held by any server
/// instance hear of it. SQLite has one process; its streams poll the table instead.
public enum Migration041NotificationSignal {
    public static let migration = Migration(version: 41, name: "notification_signal", sqlite: [], postgresql: [
        """
        CREATE OR REPLACE FUNCTION perin_notification_signal() RETURNS trigger AS $$
        BEGIN
            PERFORM pg_notify('perin_notifications', NEW.user_id || ' ' || NEW.id);
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
        """,
        """
        CREATE TRIGGER notifications_signal AFTER INSERT ON notifications
            FOR EACH ROW EXECUTE FUNCTION perin_notification_signal()
        """,
    ])
}
