package fichas.instance.cache;

/**
 * A cached value that also shows data of another entity (a pedido shows its cliente's nome), so a
 * change to that entity must invalidate it too.
 */
public interface RefersTo {
    boolean refersTo(String entity, long id);
}
