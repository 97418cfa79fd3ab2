package fichas.instance.http;

/** One route's behaviour. Runs on a worker thread, may block on the database. */
@FunctionalInterface
public interface Endpoint {
    void handle(ApiRequest request) throws Exception;
}
