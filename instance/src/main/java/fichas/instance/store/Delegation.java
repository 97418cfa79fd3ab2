package fichas.instance.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls a JDBC method on the object a dynamic proxy stands for ({@link StatementCache}, {@link SlowQueryLog}).
 * The {@link Method} a proxy's handler receives is shared by every proxy of that interface, and both wrappers
 * proxy {@code PreparedStatement}, so the JDK's one-entry access-check cache on each Method flipped between
 * their two caller classes on every call and took the slow path ({@code AccessibleObject.verifyAccess}: 2–4 % of
 * a reading instance's CPU under load, docs/PERFORMANCE.md). These are public methods of {@code java.sql}'s
 * exported interfaces, so each is opened once and then invoked without the check. Thread-safe.
 */
final class Delegation {
    private static final Set<Method> OPENED = ConcurrentHashMap.newKeySet();

    private Delegation() {
    }

    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        if (!OPENED.contains(method)) {
            method.trySetAccessible();
            OPENED.add(method);
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
