package fichas.supervisor.cli;

import fichas.supervisor.config.PathsConfig;
import fichas.core.config.Settings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * Entry point of {@code fichas-supervisor.jar}, behind start.sh and start.cmd. Chooses the logging setup
 * before anything logs: the foreground supervisor logs JSON lines to stdout and logs/supervisor.log; every
 * other command (status, stop, the menu…) only prints for humans.
 */
public final class FichasCli {
    private FichasCli() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.fromSystem();
        configureLogging(settings, args);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
        int code = new Cli(new Console(settings, in, System.out, System.err)).run(args);
        System.exit(code);
    }

    private static void configureLogging(Settings settings, String[] args) {
        if (System.getProperty("logback.configurationFile") != null) {
            return;
        }
        boolean supervisor = args.length > 0 && args[0].equals("start") && !Cli.isDaemonFlag(args);
        try {
            System.setProperty("fichas.log.dir", PathsConfig.from(settings).logDir().toString());
        } catch (IllegalArgumentException e) {
            supervisor = false; // the command itself reports the bad setting
        }
        System.setProperty("logback.configurationFile", supervisor ? "fichas-supervisor-logback.xml" : "fichas-cli-logback.xml");
    }
}
