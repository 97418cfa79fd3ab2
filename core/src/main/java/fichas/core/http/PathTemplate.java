package fichas.core.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Matches request paths against templates whose {@code {name}} segments capture a value; {@code {name:regex}}
 * captures only a value the regular expression matches whole (so {@code /alerts/abc/resolve} can be a 404
 * before any token is looked at).
 */
final class PathTemplate {
    private PathTemplate() {
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                out.add(part);
            }
        }
        return out;
    }

    /** Fills {@code captured} and returns true when {@code path} fits {@code template}. */
    static boolean match(List<String> template, List<String> path, Map<String, String> captured) {
        if (template.size() != path.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                String inner = expected.substring(1, expected.length() - 1);
                int colon = inner.indexOf(':');
                if (colon >= 0 && !Pattern.matches(inner.substring(colon + 1), path.get(i))) {
                    return false;
                }
                captured.put(colon >= 0 ? inner.substring(0, colon) : inner, path.get(i));
            } else if (!expected.equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }
}
