package fichas.console.admin;

import java.util.Objects;

/**
 * One supervised instance as the supervisor sees it, for the status page and the alerts. Immutable.
 * Nullable: pid, uptimeSeconds, rssBytes, cpuPercent, lastError.
 *
 * @param state     the supervisor's state name: STARTING, ONLINE, WAITING, STOPPING, STOPPED or ERRORED
 * @param restarts  starts after the first, whoever asked for them
 * @param crashes   exits (or kills as hung) the supervisor did not ask for; only ever grows
 * @param healthy   the supervisor's own health probe passes
 */
public record ChildView(String name, String id, int port, Long pid, String state, Long uptimeSeconds, int restarts,
                        int crashes, boolean healthy, Long rssBytes, Double cpuPercent, String lastError) {
    public static final String ERRORED = "ERRORED";
    public static final String ONLINE = "ONLINE";

    public ChildView {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
    }
}
