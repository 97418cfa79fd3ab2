package fichas.instance;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** FICHAS_PORT=0: the system picks a free port, and the instance names that port everywhere. */
class PortZeroTest {
    @TempDir
    Path dataDir;

    @Test
    void an_instance_on_port_0_logs_serves_and_reports_the_port_it_really_bound() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(InstanceServer.class);
        logged.start();
        logger.addAppender(logged);
        try (RunningInstance instance = RunningInstance.start(dataDir)) {
            int port = instance.port();
            assertThat(port).isBetween(1, 65535);
            assertThat(instance.server().config().server().port()).isEqualTo(port);

            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("instance " + port + " listening on 127.0.0.1:" + port);
            ApiResponse health = instance.client().get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("instance").asText()).isEqualTo(Integer.toString(port));
            assertThat(health.header("X-Instance")).contains(Integer.toString(port));
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void two_instances_on_port_0_get_two_ports_and_two_ids() {
        try (RunningInstance first = RunningInstance.start(dataDir); RunningInstance second = RunningInstance.start(dataDir)) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(first.client().get("/health").header("X-Instance"))
                    .isNotEqualTo(second.client().get("/health").header("X-Instance"));
        }
    }
}
