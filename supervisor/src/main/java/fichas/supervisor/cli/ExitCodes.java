package fichas.supervisor.cli;

/** Exit codes of the CLI, for scripts. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** As in LSB init scripts: "program is not running". */
    static final int NOT_RUNNING = 3;

    private ExitCodes() {
    }
}
