package fichas.instance.backup;

import fichas.instance.http.Timestamps;
import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import java.time.Duration;
import java.time.Instant;

/**
 * Who takes the scheduled backup of an interval: time is cut into slots of one interval
 * ({@code epoch millis / interval}); the process whose {@code INSERT OR IGNORE} of the slot's row in
 * the shared database changes a row holds it. SQLite serialises writers across processes, so
 * exactly one of any number of instances wins each slot. Blocking (database).
 */
final class ScheduleLease {
    private final Database database;
    private final String holder;
    private final Duration interval;

    ScheduleLease(Database database, String holder, Duration interval) {
        this.database = database;
        this.holder = holder;
        this.interval = interval;
    }

    long slotOf(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), interval.toMillis());
    }

    /** True when this process just claimed {@code now}'s slot (false: already claimed, by anyone). */
    boolean claim(Instant now) {
        long slot = slotOf(now);
        boolean taken = database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM backup_schedule WHERE slot = ?", slot) > 0);
        if (taken) {
            return false;
        }
        return database.write(c -> {
            int inserted = Sql.update(c, "INSERT OR IGNORE INTO backup_schedule (slot, holder, claimed_at) VALUES (?, ?, ?)",
                    slot, holder, Timestamps.format(now));
            Sql.update(c, "DELETE FROM backup_schedule WHERE slot < ?", slot - 1000);
            return inserted == 1;
        });
    }
}
