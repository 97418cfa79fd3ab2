package fichas.instance.clientes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import fichas.instance.http.JsonFields;
import java.util.Set;
import java.util.regex.Pattern;

/** The editable fields of a cliente, validated; {@code version} is present only on updates. */
record ClienteInput(String nome, String documento, String email, String telefone, String endereco, Long version) {
    private static final Set<String> FIELDS = Set.of("nome", "documento", "email", "telefone", "endereco");
    /** API.md's read-only names, ignored on a PUT even those this entity has not (status, data_criacao). */
    private static final Set<String> READ_ONLY = Set.of("id", "status", "created_at", "updated_at", "data_criacao");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern TELEFONE = Pattern.compile("[0-9+()\\-. ]{8,30}");

    static ClienteInput forCreate(ObjectNode body) {
        return read(body, false);
    }

    static ClienteInput forUpdate(ObjectNode body) {
        return read(body, true);
    }

    private static ClienteInput read(ObjectNode body, boolean update) {
        Set<String> allowed = update ? union(FIELDS, "version") : FIELDS;
        JsonFields fields = new JsonFields(body, allowed, update ? READ_ONLY : Set.of());
        String nome = fields.requiredString("nome", 200);
        String documento = fields.optionalString("documento", 32);
        if (documento != null) {
            documento = Documento.normalize(documento).orElse(null);
            if (documento == null) {
                fields.reject("documento", "must be a valid CPF or CNPJ (check digits do not match)");
            }
        }
        String email = fields.optionalString("email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            fields.reject("email", "must be a valid e-mail address");
        }
        String telefone = fields.optionalString("telefone", 30);
        if (telefone != null && !TELEFONE.matcher(telefone).matches()) {
            fields.reject("telefone", "must be 8–30 characters of digits, spaces and + ( ) - .");
        }
        String endereco = fields.optionalString("endereco", 500);
        Long version = update ? fields.requiredLong("version", 1, Long.MAX_VALUE) : null;
        fields.validate();
        return new ClienteInput(nome, documento, email, telefone, endereco, version);
    }

    private static Set<String> union(Set<String> base, String extra) {
        java.util.HashSet<String> out = new java.util.HashSet<>(base);
        out.add(extra);
        return Set.copyOf(out);
    }
}
