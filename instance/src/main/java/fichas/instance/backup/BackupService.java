package fichas.instance.backup;

import fichas.instance.config.BackupConfig;
import fichas.instance.store.Database;
import fichas.observability.alerts.AlertEngine;
import fichas.observability.alerts.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups as one instance runs them: on request ({@code POST /backups}) and on schedule (every
 * {@code FICHAS_BACKUP_INTERVAL_MINUTES}, taken by the one process that claims the interval's
 * {@link ScheduleLease}), each followed by retention ({@code FICHAS_BACKUP_KEEP}) and the copy to
 * {@code FICHAS_BACKUP_COPY_DIR}. Alerts (on this instance's {@link AlertEngine}): {@value #FAILED}
 * when a scheduled backup failed, {@value #COPY_FAILED} when the copy directory refused an archive,
 * {@value #STALE} when the newest backup is older than twice the interval; each clears itself once
 * the cause is gone. Thread-safe; the scheduler catches, logs and keeps running.
 */
public final class BackupService implements AutoCloseable {
    static final String FAILED = "backup_failed";
    static final String COPY_FAILED = "backup_copy_failed";
    static final String STALE = "backup_stale";
    private static final String SUBJECT = "backups";
    private static final Duration TICK = Duration.ofSeconds(30);
    /** A scheduled backup waits this long for a running (manual) one before giving up its slot. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final Logger log = LoggerFactory.getLogger(BackupService.class);

    private final Backups backups;
    private final BackupConfig config;
    private final AlertEngine alerts;
    private final Clock clock;
    private final ScheduleLease lease;
    private final Optional<CopyDir> copyDir;
    private final Instant startedAt;
    private final String instanceId;
    private ScheduledExecutorService scheduler;
    private final Database database;

    BackupService(Backups backups, BackupConfig config, Database database, AlertEngine alerts, Clock clock,
                  String instanceId) {
        this.backups = backups;
        this.database = database;
        this.config = config;
        this.alerts = alerts;
        this.clock = clock;
        this.instanceId = instanceId;
        this.lease = config.scheduled() ? new ScheduleLease(database, instanceId, config.interval()) : null;
        this.copyDir = config.copyDir().map(CopyDir::new);
        this.startedAt = clock.instant();
    }

    /** Creates the service; nothing runs until {@link #startSchedule()}. */
    public static BackupService create(Path dataDir, BackupConfig config, Duration busyTimeout, String appVersion,
                                       Database database, AlertEngine alerts, Clock clock, String instanceId) {
        return new BackupService(new Backups(dataDir, clock, busyTimeout, appVersion), config, database, alerts, clock,
                instanceId);
    }

    /** When scheduled backups are on, starts the thread that ticks every 30 s (called once the instance serves). */
    public synchronized void startSchedule() {
        if (database.isPostgres()) {
            log.info("scheduled backups off: the data is on PostgreSQL, backed up by the database server's tools");
            return;
        }
        if (config.scheduled() && scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "backup-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleWithFixedDelay(this::tick, 5, TICK.toSeconds(), TimeUnit.SECONDS);
        }
    }

    public Backups backups() {
        return backups;
    }

    /** A backup now ({@link BackupBusyException} when one is running), then retention and the copy. */
    public BackupManifest takeNow() {
        if (database.isPostgres()) {
            throw fichas.core.http.ApiException.conflict("the data is on PostgreSQL: back it up with pg_dump "
                    + "on the database server (README, \"PostgreSQL\"); these backups copy the SQLite file only");
        }
        return after(backups.create("manual"));
    }

    private BackupManifest after(BackupManifest manifest) {
        List<String> pruned = backups.prune(config.keep(), manifest.name());
        if (!pruned.isEmpty()) {
            log.info("backups: kept the newest {}, deleted {}", config.keep(), pruned);
        }
        copyDir.ifPresent(dir -> copyOff(dir, manifest.name()));
        return manifest;
    }

    private void copyOff(CopyDir dir, String name) {
        try {
            Path archive = dir.copy(backups, name);
            dir.prune(config.keep());
            alerts.clear(COPY_FAILED, SUBJECT);
            log.info("backup {} copied to {}", name, archive);
        } catch (IOException | RuntimeException e) {
            log.warn("backup {} could not be copied to {}: {}", name, dir.dir(), e.toString());
            alerts.raise(COPY_FAILED, SUBJECT, Severity.WARNING, "backup " + name + " could not be copied to "
                    + dir.dir() + ": " + e.getMessage());
        }
    }

    /**
     * One scheduler step: takes the interval's backup when this process claims it, then checks the
     * newest backup's age. Never throws.
     */
    void tick() {
        if (lease == null) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (lease.claim(now)) {
                runScheduled(now);
            }
        } catch (RuntimeException e) {
            log.warn("backups: scheduler step failed: {}", e.toString());
        }
        checkAge();
    }

    private void runScheduled(Instant now) {
        log.info("backups: instance {} took the scheduled backup of slot {}", instanceId, lease.slotOf(now));
        try {
            after(backups.create("scheduled", PATIENCE));
            alerts.clear(FAILED, SUBJECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("backups: the scheduled backup failed: {}", e.toString(), e);
            alerts.raise(FAILED, SUBJECT, Severity.CRITICAL, "the scheduled backup failed: " + e.getMessage());
        }
    }

    /** {@value #STALE} while the newest backup (or, before the first, this process's start) is older than 2 intervals. */
    void checkAge() {
        if (lease == null) {
            return;
        }
        try {
            Instant reference = backups.list().stream().findFirst().map(BackupManifest::created).orElse(startedAt);
            Duration age = Duration.between(reference, clock.instant());
            if (age.compareTo(config.interval().multipliedBy(2)) > 0) {
                alerts.raise(STALE, SUBJECT, Severity.CRITICAL, "the newest backup is " + age.toMinutes()
                        + " minutes old (more than twice FICHAS_BACKUP_INTERVAL_MINUTES=" + config.interval().toMinutes()
                        + ")");
            } else {
                alerts.clear(STALE, SUBJECT);
            }
        } catch (RuntimeException e) {
            log.warn("backups: age check failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                // A scheduled backup already copying finishes (its page copy is not interruptible) before the
                // database closes, rather than leaving a temporary directory behind.
                scheduler.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
