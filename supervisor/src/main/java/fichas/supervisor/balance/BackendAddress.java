package fichas.supervisor.balance;

/** One instance as the balancer sees it. */
public record BackendAddress(String id, String host, int port) {
}
