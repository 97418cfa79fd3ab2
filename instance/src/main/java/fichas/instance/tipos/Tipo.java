package fichas.instance.tipos;

/** A tipo de produção (CORTE, DOBRA, …). */
public record Tipo(long id, String codigo, String nome, String descricao, boolean ativo, String createdAt,
                   String updatedAt, long version) {
}
