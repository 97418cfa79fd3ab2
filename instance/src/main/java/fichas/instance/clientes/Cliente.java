package fichas.instance.clientes;

/** A cliente as stored and shown; {@code documento} is digits only. */
public record Cliente(long id, String nome, String documento, String email, String telefone, String endereco,
                      String createdAt, String updatedAt, long version) {
}
