package fichas.instance.auth;

import fichas.instance.InstanceServer;
import fichas.instance.cache.Caches;
import fichas.instance.config.InstanceConfig;
import fichas.instance.store.Database;
import java.io.PrintStream;
import java.time.Clock;

/**
 * {@code ./start.sh reset-admin-password}: run by the supervisor's CLI as
 * {@code java -jar fichas-instance.jar reset-admin-password} on the server machine, with the same
 * data directory as the instances. It opens the database file directly (so it works only where the
 * file is, whether or not the system is running), gives {@code admin} a new random password, makes
 * it an active admin again, clears its login throttle and ends its sessions on every instance at
 * once (through the change log), then prints the password once on {@code out}. Nothing else keeps it.
 */
public final class AdminPasswordReset {
    public static final String COMMAND = "reset-admin-password";

    private AdminPasswordReset() {
    }

    /** Returns the process exit code: 0 done, 1 no admin user. */
    public static int run(InstanceConfig config, PrintStream out, PrintStream err) {
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open(config.store());
             Caches caches = Caches.open(config.cache(), database, com.github.benmanes.caffeine.cache.Ticker.systemTicker(),
                     clock);
             Passwords hasher = InstanceServer.passwords(config)) {
            LoginThrottle throttle = new LoginThrottle(database, clock, config.auth().loginMaxFailures(),
                    config.auth().loginFailureWindow());
            AuthService auth = new AuthService(database, hasher, throttle, config.auth().tokenTtl(), clock, caches);
            String password = InitialAdmin.randomPassword();
            if (!auth.resetAdminPassword(password)) {
                err.println("There is no user 'admin' in " + config.store().databaseFile()
                        + ": start Fichas once to create it.");
                return 1;
            }
            out.println("The password of user 'admin' is now:");
            out.println();
            out.println("    " + password);
            out.println();
            out.println("It is shown only this once. Every session of 'admin' has been ended.");
            return 0;
        }
    }
}
