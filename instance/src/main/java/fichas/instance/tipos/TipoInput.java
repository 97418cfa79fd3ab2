package fichas.instance.tipos;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.instance.http.JsonFields;
import java.util.Set;

/** The editable fields of a tipo, validated; {@code version} only on updates. */
record TipoInput(String codigo, String nome, String descricao, boolean ativo, Long version) {
    private static final Set<String> CREATE = Set.of("codigo", "nome", "descricao", "ativo");
    private static final Set<String> UPDATE = Set.of("codigo", "nome", "descricao", "ativo", "version");
    /** API.md's read-only names, ignored on a PUT even those this entity has not (status, data_criacao). */
    private static final Set<String> READ_ONLY = Set.of("id", "status", "created_at", "updated_at", "data_criacao");

    static TipoInput read(ObjectNode body, boolean update) {
        JsonFields fields = new JsonFields(body, update ? UPDATE : CREATE, update ? READ_ONLY : Set.of());
        String codigo = fields.requiredString("codigo", 32);
        if (codigo != null && !codigo.matches("[A-Z0-9_-]{1,32}")) {
            fields.reject("codigo", "must be 1–32 characters of A-Z, 0-9, '_' or '-'");
        }
        String nome = fields.requiredString("nome", 200);
        String descricao = fields.optionalString("descricao", 2000);
        boolean ativo = fields.optionalBoolean("ativo", true);
        Long version = update ? fields.requiredLong("version", 1, Long.MAX_VALUE) : null;
        fields.validate();
        return new TipoInput(codigo, nome, descricao, ativo, version);
    }
}
