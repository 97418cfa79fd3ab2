package fichas.supervisor.process;

/** How to stop a child process. Blocks until it has exited (or every means was tried). */
@FunctionalInterface
public interface StopStrategy {
    void stop(Process process) throws InterruptedException;
}
