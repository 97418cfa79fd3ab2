package fichas.supervisor.cli;

import fichas.core.config.Settings;

import java.io.BufferedReader;
import java.io.PrintStream;

/** The CLI's world: settings, and the three standard streams (scripted in tests). */
record Console(Settings settings, BufferedReader in, PrintStream out, PrintStream err) {
}
