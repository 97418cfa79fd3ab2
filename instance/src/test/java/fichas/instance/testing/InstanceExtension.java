package fichas.instance.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The JUnit 5 extension behind {@link WithInstance}: starts a {@link RunningInstance} on port 0
 * over a fresh temporary directory, fills in the test's {@code RunningInstance} and
 * {@code @Admin ApiClient} fields, and registers the instance in the context's store so that JUnit
 * stops it and deletes its directory when the class (static fields) or the test (instance fields)
 * ends — also when a test or the set-up fails.
 */
public final class InstanceExtension implements BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InstanceExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        fill(context, context.getRequiredTestClass(), null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object test : context.getRequiredTestInstances().getAllInstances()) {
            fill(context, test.getClass(), test);
        }
    }

    /** Fills the static fields ({@code test == null}) or the instance fields of {@code test}. */
    private static void fill(ExtensionContext context, Class<?> type, Object test) {
        List<Field> fields = targets(type, test == null);
        if (fields.isEmpty()) {
            return;
        }
        RunningInstance instance = start(context, overrides(type));
        ApiClient admin = null;
        for (Field field : fields) {
            Object value;
            if (field.getType() == RunningInstance.class) {
                value = instance;
            } else {
                if (admin == null) {
                    admin = instance.admin();
                }
                value = admin;
            }
            try {
                field.setAccessible(true);
                field.set(test, value);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("cannot set " + field, e);
            }
        }
    }

    private static List<Field> targets(Class<?> type, boolean wantStatic) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) != wantStatic) {
                    continue;
                }
                boolean wanted = field.getType() == RunningInstance.class
                        || field.getType() == ApiClient.class && field.isAnnotationPresent(Admin.class);
                if (wanted && Modifier.isFinal(field.getModifiers())) {
                    throw new ExtensionConfigurationException(field + " must not be final to be filled in");
                }
                if (wanted) {
                    out.add(field);
                }
            }
        }
        return out;
    }

    private static Map<String, String> overrides(Class<?> type) {
        Map<String, String> env = new HashMap<>();
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            WithInstance annotation = c.getAnnotation(WithInstance.class);
            if (annotation != null) {
                for (String pair : annotation.env()) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new ExtensionConfigurationException("@WithInstance env entries are KEY=value, not '" + pair + "'");
                    }
                    env.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return env;
    }

    private static RunningInstance start(ExtensionContext context, Map<String, String> env) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("fichas-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Started started = new Started(dataDir);
        // registered before starting: a start that fails still has its directory removed
        context.getStore(NAMESPACE).put(new Object(), started);
        started.instance = RunningInstance.start(dataDir, env);
        return started.instance;
    }

    /** What one start left behind; JUnit closes it when the owning context ends. */
    private static final class Started implements ExtensionContext.Store.CloseableResource {
        private final Path dataDir;
        private RunningInstance instance;

        Started(Path dataDir) {
            this.dataDir = dataDir;
        }

        @Override
        public void close() throws IOException {
            try {
                if (instance != null) {
                    instance.close();
                }
            } finally {
                if (TestPostgres.selected()) {
                    TestPostgres.dropFor(dataDir);
                }
                deleteRecursively(dataDir);
            }
        }

        private static void deleteRecursively(Path root) throws IOException {
            if (!Files.exists(root)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
