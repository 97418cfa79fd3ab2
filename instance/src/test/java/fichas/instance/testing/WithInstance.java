package fichas.instance.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "A running instance, logged in" for a test class: a real instance (real Undertow on port 0, real
 * SQLite in a fresh temporary data directory) is started and its fields filled in, then stopped and
 * its directory deleted, whatever the outcome. Fill-in is by field type:
 * <ul>
 *   <li>{@code RunningInstance instance} — the instance;</li>
 *   <li>{@code @Admin ApiClient admin} — a client already logged in as {@code admin}.</li>
 * </ul>
 * Static fields: one instance for the whole class (started before all, stopped after all).
 * Non-static fields: a fresh instance for each test. Example:
 * <pre>{@code
 * @WithInstance(env = "FICHAS_INSTANCE_ID=8001")
 * class ConventionsTest {
 *     static RunningInstance instance;
 *     @Admin static ApiClient admin;
 * }
 * }</pre>
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(InstanceExtension.class)
public @interface WithInstance {
    /** Environment-style overrides ({@code "FICHAS_DB_READERS=2"}) over {@link RunningInstance}'s test defaults. */
    String[] env() default {};
}
