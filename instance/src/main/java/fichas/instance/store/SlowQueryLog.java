package fichas.instance.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a physical connection so that every statement it runs is timed, and one slower than the
 * threshold is logged as WARN with its SQL shape (literals replaced by {@code ?}, never the bound
 * values) and its duration. Wrapping the connection, not the {@link Sql} helpers, catches every
 * statement: transactions, pragmas, the writer's BEGIN/COMMIT. Costs two {@code nanoTime} calls per
 * statement. The proxies are used by one thread at a time, like the connection they wrap.
 */
final class SlowQueryLog {
    private static final Logger log = LoggerFactory.getLogger(SlowQueryLog.class);
    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NUMBER_LITERAL = Pattern.compile("\\b\\d+(?:\\.\\d+)?\\b");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final AtomicLong SLOW_STATEMENTS = new AtomicLong();

    private final long thresholdNanos;

    SlowQueryLog(Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
    }

    /** Statements over the threshold since the process started (all pools). */
    static long slowStatements() {
        return SLOW_STATEMENTS.get();
    }

    Connection wrap(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement prepared && method.getName().equals("prepareStatement")) {
                return timed(PreparedStatement.class, prepared, (String) args[0]);
            }
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return timed(Statement.class, statement, null);
            }
            return result;
        });
    }

    private <S extends Statement> S timed(Class<S> type, S statement, String preparedSql) {
        return proxy(type, statement, (target, method, args) -> {
            if (!method.getName().startsWith("execute")) {
                return invoke(target, method, args);
            }
            String sql = preparedSql != null ? preparedSql : args != null && args.length > 0 ? (String) args[0] : "";
            long start = System.nanoTime();
            try {
                return invoke(target, method, args);
            } finally {
                long took = System.nanoTime() - start;
                if (took >= thresholdNanos) {
                    SLOW_STATEMENTS.incrementAndGet();
                    log.warn("slow statement took {} ms: {}", took / 1_000_000, shape(sql));
                }
            }
        });
    }

    /** The SQL with string and number literals replaced by {@code ?} and whitespace collapsed. */
    static String shape(String sql) {
        String noStrings = STRING_LITERAL.matcher(sql).replaceAll("?");
        return SPACES.matcher(NUMBER_LITERAL.matcher(noStrings).replaceAll("?")).replaceAll(" ").strip();
    }

    private interface Call {
        Object call(Object target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                return invoke(target, method, args);
            }
            return call.call(target, method, args);
        };
        return (T) Proxy.newProxyInstance(SlowQueryLog.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
