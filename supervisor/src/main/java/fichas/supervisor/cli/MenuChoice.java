package fichas.supervisor.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The entries of the admin menu, in order; parsed from a number or a word typed by the operator. */
enum MenuChoice {
    START("Start Fichas (in the background)"),
    STOP("Stop Fichas"),
    STATUS("Status"),
    RELOAD("Rolling reload (no failed requests)"),
    RESTART("Restart one instance"),
    LOGS("Follow logs"),
    LOADTEST("Run a load test"),
    BACKUP("Take a backup now"),
    RESTORE("Restore a backup"),
    RESET_ADMIN_PASSWORD("Reset the admin password (shows a new one once)"),
    EXIT("Exit");

    private final String label;

    MenuChoice(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    int number() {
        return ordinal() + 1;
    }

    /** "3", " 3 ", "status", "STATUS", "q" (exit); empty for anything else. */
    static Optional<MenuChoice> parse(String input) {
        if (input == null) {
            return Optional.empty();
        }
        String s = input.trim().toLowerCase(Locale.ROOT);
        if (s.matches("\\d{1,2}")) {
            int n = Integer.parseInt(s);
            return n >= 1 && n <= values().length ? Optional.of(values()[n - 1]) : Optional.empty();
        }
        if (s.equals("q") || s.equals("quit")) {
            return Optional.of(EXIT);
        }
        return Arrays.stream(values()).filter(c -> c.name().toLowerCase(Locale.ROOT).equals(s)).findFirst();
    }
}
