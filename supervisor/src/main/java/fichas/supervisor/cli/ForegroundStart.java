package fichas.supervisor.cli;

import fichas.supervisor.Supervisor;
import fichas.supervisor.SupervisorException;
import fichas.supervisor.child.ChildSnapshot;
import fichas.supervisor.child.ChildState;
import fichas.supervisor.config.Durations;
import fichas.supervisor.config.SupervisorConfig;
import fichas.supervisor.control.ControlServer;
import fichas.supervisor.control.ControlToken;
import fichas.supervisor.status.SupervisorStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code start}: the supervisor in this process, until {@code stop} arrives on the control endpoint or the
 * process is interrupted (Ctrl-C, SIGTERM, a service manager), both of which stop everything gracefully.
 */
final class ForegroundStart {
    private final Console console;
    private final SupervisorConfig config;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long began = System.nanoTime();
    private volatile boolean starting = true;

    ForegroundStart(Console console, SupervisorConfig config) {
        this.console = console;
        this.config = config;
    }

    int run() {
        printConfig();
        Supervisor supervisor;
        try {
            supervisor = new Supervisor(config, Clock.systemUTC(),
                    Gates.factory(config, console.settings()), this::progress);
        } catch (IllegalArgumentException e) {
            console.err().println("Configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ControlToken token = ControlToken.generate();
        ControlServer control;
        try {
            control = ControlServer.start(config.control().port(), token, new SupervisorOperations(supervisor, this::stopAsync));
            token.writeTo(config.paths().tokenFile());
        } catch (SupervisorException | IOException e) {
            console.err().println("Cannot start Fichas: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(supervisor, control), "fichas-shutdown"));
        try {
            supervisor.start();
            reportStarted(supervisor, supervisor.awaitStarted(config.instances().startTimeout().plusSeconds(5)));
            stopped.await();
            return ExitCodes.OK;
        } catch (SupervisorException e) {
            console.err().println("Cannot start Fichas: " + e.getMessage());
            shutdown(supervisor, control);
            return ExitCodes.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    private void stopAsync(Supervisor supervisor) {
        Thread t = new Thread(() -> {
            supervisor.stop();
            stopped.countDown();
        }, "fichas-stop");
        t.start();
    }

    private void shutdown(Supervisor supervisor, ControlServer control) {
        supervisor.stop();
        control.close();
        try {
            Files.deleteIfExists(config.paths().tokenFile());
        } catch (IOException e) {
            // Harmless: a stale token only lets the owner talk to a port nobody listens on.
        }
        stopped.countDown();
    }

    private void reportStarted(Supervisor supervisor, boolean allOnline) {
        starting = false;
        SupervisorStatus status = supervisor.status();
        String took = Durations.format(Duration.ofNanos(System.nanoTime() - began));
        String target = status.url() != null ? status.url() : "(no balancer) instances on ports "
                + config.instances().basePort() + "-" + config.instances().port(config.instances().count() - 1);
        long online = status.instances().stream().filter(i -> i.state().equals("online")).count();
        if (allOnline) {
            console.out().println("Fichas is up: " + target + " (" + online + " instances, started in " + took + ")");
        } else {
            console.out().println("Fichas is up with " + online + " of " + status.instances().size() + " instances: "
                    + target + " (see ./start.sh status)");
        }
        if (status.url() != null) {
            console.out().println("Dashboard: " + status.url() + "/dashboard");
        }
        console.out().flush();
    }

    private void progress(ChildSnapshot child) {
        if (!starting) {
            return;
        }
        if (child.state() == ChildState.ONLINE) {
            console.out().println("  " + child.name() + " online on port " + child.port() + " (pid " + child.pid() + ")");
        } else if (child.state() == ChildState.ERRORED) {
            console.out().println("  " + child.name() + " errored: " + child.lastError());
        }
        console.out().flush();
    }

    private void printConfig() {
        console.out().println("Fichas supervisor (pid " + ProcessHandle.current().pid() + ") starting with:");
        config.describe(console.settings()).forEach((k, v) -> console.out().printf("  %-28s %s%n", k, v));
        console.out().flush();
    }
}
