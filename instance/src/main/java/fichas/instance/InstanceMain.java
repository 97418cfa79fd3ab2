package fichas.instance;

import fichas.instance.auth.AdminPasswordReset;
import fichas.core.config.ConfigException;
import fichas.observability.files.OwnerOnly;
import fichas.instance.config.InstanceConfig;
import java.net.BindException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of one instance process. Exit codes: 0 stopped, 2 bad configuration, 3 port in use,
 * 1 anything else. With the argument {@code reset-admin-password} it runs {@link AdminPasswordReset}
 * instead of serving. The configuration is validated before logging starts or any port is bound.
 * With {@code FICHAS_STANDBY=true} it first waits, warmed up, until the supervisor hands it an
 * instance's id and port ({@link Standby}).
 */
public final class InstanceMain {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_PORT_IN_USE = 3;

    private InstanceMain() {
    }

    public static void main(String[] args) {
        if (args.length == 0 && Standby.requested()) {
            Standby.awaitTakeOver();
        }
        InstanceConfig config;
        try {
            config = InstanceConfig.load();
        } catch (ConfigException e) {
            System.err.println("fichas instance: " + e.getMessage());
            System.exit(EXIT_CONFIG);
            return;
        }
        if (args.length > 0 && args[0].equals(fichas.instance.migrate.MigrateToPostgres.COMMAND)) {
            System.setProperty("fichas.log.dir", config.lifecycle().logDir().toString());
            System.setProperty("fichas.instance.id", "migrate-tool");
            System.setProperty("fichas.console.level", "ERROR");
            System.exit(fichas.instance.migrate.MigrateToPostgres.run(config,
                    fichas.core.config.Settings.load(InstanceConfig.DEFAULTS_RESOURCE),
                    java.util.List.of(args).subList(1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0 && args[0].equals(AdminPasswordReset.COMMAND)) {
            System.setProperty("fichas.log.dir", config.lifecycle().logDir().toString());
            System.setProperty("fichas.instance.id", "admin-tool");
            System.setProperty("fichas.console.level", "ERROR");
            System.exit(AdminPasswordReset.run(config, System.out, System.err));
            return;
        }
        // Logback reads these when the first logger is created, so they must be set before that.
        System.setProperty("fichas.log.dir", config.lifecycle().logDir().toString());
        System.setProperty("fichas.instance.id", config.server().instanceId());
        if (config.lifecycle().supervised() && System.getProperty("fichas.console.level") == null) {
            System.setProperty("fichas.console.level", "WARN");
        }
        Logger log = LoggerFactory.getLogger(InstanceMain.class);
        log.info("instance {} effective configuration {}", config.server().instanceId(), config.describe());
        if (!config.lifecycle().supervised()) {
            // Under the supervisor, it sweeps once for all instances before starting them.
            OwnerOnly.tightenTree(config.store().dataDir(), log);
            OwnerOnly.tightenTree(config.lifecycle().logDir(), log);
        }
        InstanceServer server;
        try {
            server = InstanceServer.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                String message = "port " + config.server().port() + " on " + config.server().bindAddress()
                        + " is already in use by another program";
                log.error("instance {} cannot start: {}", config.server().instanceId(), message);
                System.err.println("fichas instance: " + message);
                System.exit(EXIT_PORT_IN_USE);
            }
            log.error("instance {} cannot start", config.server().instanceId(), e);
            System.exit(1);
            return;
        }
        Lifecycle.install(server, config.lifecycle());
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
