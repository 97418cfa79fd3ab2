package fichas.instance.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares each SQL text once per connection. sqlite-jdbc compiles a statement anew on every
 * {@code prepareStatement} ({@code sqlite3_prepare_v2}), which for the short statements of a write
 * costs about as much as running them, and the {@link SlowQueryLog} adds a proxy per statement.
 * Here {@code prepareStatement(sql)} hands out the connection's statement for that text when it is
 * not in use, and {@code close()} on it only clears its parameters: the caller has closed its result
 * set (which resets the statement and so ends its read snapshot), and an update has run to its end.
 * The statements are closed for real with the connection.
 *
 * <p>A text asked for while its statement is in use (nested use of the same SQL), texts beyond
 * {@link #MAX_PER_CONNECTION}, and calls with more than the SQL (generated keys, result set types)
 * get a fresh statement that closes normally. A statement any call on which failed is closed for
 * real when given back, and prepared again on next use: sqlite-jdbc leaves a statement whose query
 * failed while stepping ("LIKE or GLOB pattern too complex") unusable ("statement is not executing"),
 * so keeping it turned one bad request into failures of every later use of that text on the
 * connection. Confined, like the connection it wraps, to the thread that holds the connection.
 */
final class StatementCache {
    private static final Logger log = LoggerFactory.getLogger(StatementCache.class);
    /** The stores use a few dozen distinct texts; a bound keeps a text built per call from growing the map. */
    static final int MAX_PER_CONNECTION = 128;

    private final Connection connection;
    private final Map<String, Entry> statements = new HashMap<>();

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The connection with statement reuse; closing it closes every kept statement first. */
    static Connection wrap(Connection connection) {
        StatementCache cache = new StatementCache(connection);
        return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                new Class<?>[] {Connection.class}, cache::onConnection);
    }

    private Object onConnection(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") && args != null && args.length == 1) {
            return lease((String) args[0]);
        }
        if (name.equals("close")) {
            closeAll();
        }
        return invoke(connection, method, args);
    }

    private PreparedStatement lease(String sql) throws SQLException {
        Entry entry = statements.get(sql);
        if (entry != null && entry.statement.isClosed()) {
            statements.remove(sql);
            entry = null;
        }
        if (entry == null) {
            if (statements.size() >= MAX_PER_CONNECTION) {
                return connection.prepareStatement(sql);
            }
            entry = new Entry(connection.prepareStatement(sql));
            statements.put(sql, entry);
        } else if (entry.inUse) {
            return connection.prepareStatement(sql);
        }
        entry.inUse = true;
        return entry.handle;
    }

    private void closeAll() {
        for (Entry entry : statements.values()) {
            try {
                entry.statement.close();
            } catch (SQLException e) {
                log.debug("closing a kept statement: {}", e.getMessage());
            }
        }
        statements.clear();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One kept statement and the handle callers get, whose close() gives it back. */
    private static final class Entry implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement handle;
        boolean inUse;
        /** A call on the statement threw since it was leased: close it for real when it is given back. */
        boolean failed;

        Entry(PreparedStatement statement) {
            this.statement = statement;
            this.handle = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    if (inUse) {
                        inUse = false;
                        if (failed) {
                            statement.close(); // lease() sees it closed and prepares the text again
                        } else if (!statement.isClosed()) {
                            statement.clearParameters();
                        }
                    }
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || statement.isClosed();
                }
                default -> {
                    try {
                        return StatementCache.invoke(statement, method, args);
                    } catch (Throwable e) {
                        failed = true;
                        throw e;
                    }
                }
            }
        }
    }
}
