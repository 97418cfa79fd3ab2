package fichas.instance.monitoring;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry of one instance (what {@code GET /metrics} shows), created with the JVM
 * (memory, GC, threads, class loading) and system (processor, uptime, file descriptors) bindings.
 * HikariCP, Caffeine and Resilience4j are bound where they are built ({@code Database.open},
 * {@code Caches.bindTo}), the request timers and {@code fichas_*} gauges by {@link Monitoring}.
 * Created before the database, since HikariCP takes its metrics factory before its pools start.
 */
public final class InstanceMeters implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    private InstanceMeters() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    public static InstanceMeters create() {
        return new InstanceMeters();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the GC notification listener and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
