package fichas.instance.idempotency;

/** Who used a key and where: keys of different users or routes never meet. */
record KeyScope(long userId, String route, String key) {
}
