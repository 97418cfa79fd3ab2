package fichas.instance.http;

import java.util.List;

/** A list answer: {@code {"items":[...],"page":1,"size":50,"total":123}}. */
public record Page<T>(List<T> items, int page, int size, long total) {
    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        return new Page<>(List.copyOf(items), request.page(), request.size(), total);
    }
}
