package fichas.supervisor.status;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusTableTest {
    private static InstanceStatus online(int port, long pid) {
        return new InstanceStatus("instance-" + port, Integer.toString(port), pid, port, "online", 3725L, 1, true,
                7.4, 150L * 1024 * 1024, 12.34, null, null, List.of());
    }

    @Test
    void rendersOneAlignedRowPerInstanceWithAllColumns() {
        SupervisorStatus status = new SupervisorStatus(100, 7200, 80L * 1024 * 1024, 9000, "http://fabrica:9000", true,
                List.of(online(8000, 4242), online(8001, 4243)), null, "8001");
        String table = StatusTable.render(status);
        List<String> lines = table.lines().toList();
        assertThat(lines.get(1)).contains("name", "pid", "port", "state", "uptime", "restarts", "health", "role", "cpu", "memory", "req/s");
        assertThat(lines.get(3)).contains("instance-8000", "4242", "8000", "online", "1h", "up", "7%", "150.0 MB", "12.3")
                .doesNotContain("writer");
        assertThat(lines.get(4)).contains("instance-8001", "| up     | writer |");
        assertThat(lines.stream().filter(l -> l.startsWith("|")).map(String::length).distinct()).hasSize(1);
        assertThat(table).contains("supervisor pid 100, up 2h, memory 80.0 MB, clients use http://fabrica:9000");
    }

    @Test
    void anErroredInstanceShowsItsLastExitCodeAndLogLines() {
        InstanceStatus errored = new InstanceStatus("instance-8002", "8002", null, 8002, "errored", null, 9, false, null,
                null, null, 2, "exited with code 2; 10 failures within 5m, not restarting",
                List.of("FICHAS_DB must be set"));
        String table = StatusTable.render(new SupervisorStatus(100, 5, null, -1, null, true, List.of(online(8000, 1), errored)));
        assertThat(table).contains("| instance-8002 | -   | 8002 | errored | -");
        assertThat(table).contains("instance-8002 errored: exited with code 2; 10 failures within 5m, not restarting (last exit code 2)");
        assertThat(table).contains("    FICHAS_DB must be set");
        assertThat(table).contains("no balancer");
    }
}
