package fichas.instance.clientes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithInstance
class ClientesApiTest {
    static RunningInstance instance;
    @Admin
    static ApiClient admin;

    private static long createCliente(String nome) {
        ApiResponse created = admin.post("/clientes", Map.of("nome", nome));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    @Test
    void a_created_cliente_is_trimmed_normalised_and_has_a_location() {
        ApiResponse created = admin.post("/clientes", Map.of("nome", "  Metalúrgica Silva  ",
                "documento", "529.982.247-25", "email", "compras@silva.com.br", "telefone", "(11) 4002-8922"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("nome").asText()).isEqualTo("Metalúrgica Silva");
        assertThat(body.get("documento").asText()).isEqualTo("52998224725");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("endereco").isNull()).isTrue();
        assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(created.header("Location")).contains("/clientes/" + body.get("id").asLong());
        assertThat(admin.get("/clientes/" + body.get("id").asLong()).json()).isEqualTo(body);
    }

    @Test
    void bad_check_digits_unknown_fields_and_wrong_types_are_each_named() {
        ApiResponse response = admin.post("/clientes", Map.of("nome", 42, "documento", "529.982.247-26",
                "cor", "azul", "email", "not-an-email"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("validation_failed");
        assertThat(response.json().at("/error/details").findValuesAsText("field"))
                .containsExactlyInAnyOrder("nome", "documento", "cor", "email");
        assertThat(response.json().at("/error/request_id").asText()).isNotBlank();
    }

    @Test
    void a_blank_nome_and_a_missing_nome_are_validation_errors() {
        assertThat(admin.post("/clientes", Map.of("nome", "   ")).json().at("/error/details/0/message").asText())
                .isEqualTo("must not be blank");
        assertThat(admin.post("/clientes", Map.of()).json().at("/error/details/0/message").asText())
                .isEqualTo("is required");
        assertThat(admin.post("/clientes", Map.of("nome", "x".repeat(201))).errorCode())
                .isEqualTo("validation_failed");
    }

    @Test
    void a_valid_cnpj_is_accepted_and_a_duplicate_documento_is_a_conflict() {
        assertThat(admin.post("/clientes", Map.of("nome", "A", "documento", "11.444.777/0001-61")).status())
                .isEqualTo(201);
        ApiResponse duplicate = admin.post("/clientes", Map.of("nome", "B", "documento", "11444777000161"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("conflict");
    }

    @Test
    void malformed_json_and_non_objects_are_bad_requests() {
        assertThat(admin.post("/clientes", "{\"nome\":").errorCode()).isEqualTo("bad_request");
        assertThat(admin.post("/clientes", "[1,2]").errorCode()).isEqualTo("bad_request");
        assertThat(admin.post("/clientes", "{\"nome\":\"a\",\"nome\":\"b\"}").errorCode()).isEqualTo("bad_request");
    }

    @Test
    void a_body_that_is_not_json_is_415_and_an_oversized_one_is_413() {
        ApiResponse text = admin.send("POST", "/clientes", "text/plain", "nome=x".getBytes());
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.errorCode()).isEqualTo("unsupported_media_type");

        byte[] huge = ("{\"nome\":\"" + "x".repeat(1024 * 1024) + "\"}").getBytes();
        ApiResponse tooLarge = admin.send("POST", "/clientes", "application/json", huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.errorCode()).isEqualTo("payload_too_large");
    }

    @Test
    void an_update_needs_the_current_version_and_bumps_it() {
        long id = createCliente("Versionada");
        Map<String, Object> change = new HashMap<>(Map.of("nome", "Versionada 2", "version", 1));

        ApiResponse updated = admin.put("/clientes/" + id, change);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(updated.json().get("nome").asText()).isEqualTo("Versionada 2");

        ApiResponse stale = admin.put("/clientes/" + id, change);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.errorCode()).isEqualTo("version_conflict");

        ApiResponse missingVersion = admin.put("/clientes/" + id, Map.of("nome", "Sem versão"));
        assertThat(missingVersion.json().at("/error/details/0/field").asText()).isEqualTo("version");
    }

    @Test
    void put_accepts_read_only_fields_sent_back_and_clears_omitted_optional_ones() {
        ApiResponse created = admin.post("/clientes", Map.of("nome", "Eco", "email", "eco@x.com"));
        Map<String, Object> sentBack = new HashMap<>();
        created.json().fields().forEachRemaining(f -> sentBack.put(f.getKey(), f.getValue()));
        sentBack.remove("email");

        ApiResponse updated = admin.put("/clientes/" + created.json().get("id").asLong(), sentBack);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("email").isNull()).isTrue();
    }

    @Test
    void put_ignores_every_read_only_name_of_the_contract_but_not_other_unknown_fields() {
        long id = createCliente("Somente leitura");
        Map<String, Object> body = new HashMap<>(Map.of("nome", "Somente leitura 2", "version", 1, "id", 999,
                "status", "x", "created_at", "y", "updated_at", "z", "data_criacao", "w"));

        ApiResponse updated = admin.put("/clientes/" + id, body);
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("id").asLong()).isEqualTo(id);

        body.put("version", 2);
        body.put("cor", "azul");
        ApiResponse unknown = admin.put("/clientes/" + id, body);
        assertThat(unknown.errorCode()).isEqualTo("validation_failed");
        assertThat(unknown.json().at("/error/details/0/field").asText()).isEqualTo("cor");
    }

    @Test
    void unknown_ids_are_404_and_deleted_clientes_are_gone() {
        assertThat(admin.get("/clientes/999999").status()).isEqualTo(404);
        assertThat(admin.get("/clientes/abc").errorCode()).isEqualTo("not_found");
        long id = createCliente("Apagável");

        assertThat(admin.delete("/clientes/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/clientes/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/clientes/" + id).status()).isEqualTo(404);
    }

    @Test
    void the_list_is_paged_ordered_by_nome_and_searchable() {
        createCliente("zeta busca");
        createCliente("Alfa Busca");
        admin.post("/clientes", Map.of("nome", "Por documento", "documento", "390.533.447-05"));

        ApiResponse search = admin.get("/clientes?q=BUSCA&size=1");
        assertThat(search.json().get("total").asLong()).isEqualTo(2);
        assertThat(search.json().get("size").asInt()).isEqualTo(1);
        assertThat(search.json().at("/items/0/nome").asText()).isEqualTo("Alfa Busca");
        assertThat(admin.get("/clientes?q=390.533").json().at("/items/0/nome").asText()).isEqualTo("Por documento");
        assertThat(admin.get("/clientes?page=2&size=1&q=busca").json().at("/items/0/nome").asText())
                .isEqualTo("zeta busca");
    }

    @Test
    void the_list_sorts_accented_and_capital_initials_with_their_letter_not_after_z() {
        for (String nome : List.of("Zé Ordem", "Úrsula Ordem", "bruno Ordem", "Álvaro Ordem", "Alice Ordem",
                "Érica Ordem", "ana Ordem", "Óscar Ordem", "Ítalo Ordem")) {
            createCliente(nome);
        }
        long id = createCliente("Xavier Ordem");
        ApiResponse renamed = admin.put("/clientes/" + id, Map.of("nome", "Ângela Ordem", "version", 1));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);

        assertThat(names("ordem")).containsExactly("Alice Ordem", "Álvaro Ordem", "ana Ordem", "Ângela Ordem",
                "bruno Ordem", "Érica Ordem", "Ítalo Ordem", "Óscar Ordem", "Úrsula Ordem", "Zé Ordem");
    }

    @Test
    void search_ignores_case_and_accents_beyond_ascii() {
        createCliente("JOÃO DA SILVA ÉPSILONÜ");
        createCliente("Conceição Ferraz");

        for (String q : List.of("JOÃO", "joão", "joao", "Joao da", "épsilonü", "EPSILONU")) {
            assertThat(names(q)).as(q).containsExactly("JOÃO DA SILVA ÉPSILONÜ");
        }
        assertThat(names("CONCEIÇÃO")).containsExactly("Conceição Ferraz");
        assertThat(names("conceicao f")).containsExactly("Conceição Ferraz");
        assertThat(names("joãoo")).isEmpty();
    }

    @Test
    void search_with_digits_matches_documento_only_when_it_looks_like_one() {
        admin.post("/clientes", Map.of("nome", "Documento Noventa", "documento", "718.293.465-55"));
        admin.post("/clientes", Map.of("nome", "Contato", "email", "ana2@fabrica.com.br"));

        assertThat(names("zzz9")).as("a word with a digit is not a documento search").isEmpty();
        assertThat(names("ana2@")).containsExactly("Contato");
        assertThat(names("465-55")).containsExactly("Documento Noventa");
        assertThat(names("71829346555")).containsExactly("Documento Noventa");
    }

    @Test
    void search_treats_pattern_characters_literally() {
        createCliente("Loja 100% * aço_[a]?");
        createCliente("Loja 100 aco");

        assertThat(names("100%")).containsExactly("Loja 100% * aço_[a]?");
        assertThat(names("* aço_[a]?")).containsExactly("Loja 100% * aço_[a]?");
        assertThat(names("[a]")).containsExactly("Loja 100% * aço_[a]?");
        assertThat(names("100 aco")).containsExactly("Loja 100 aco");
    }

    @Test
    void an_overlong_search_is_a_bad_request_and_leaves_search_working() {
        createCliente("Depois Da Busca Longa");
        for (int i = 0; i < 3; i++) { // more than once: each reader connection must stay usable
            ApiResponse tooLong = admin.get("/clientes?q=" + "a".repeat(100_000));
            assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
            assertThat(tooLong.errorCode()).isEqualTo("bad_request");
        }
        assertThat(admin.get("/clientes?q=" + "a".repeat(ClienteSearch.MAX_LENGTH)).status()).isEqualTo(200);
        for (int i = 0; i < 5; i++) {
            assertThat(names("depois da busca")).containsExactly("Depois Da Busca Longa");
        }
    }

    private List<String> names(String q) {
        ApiResponse response = admin.get("/clientes?size=500&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        response.json().get("items").forEach(item -> names.add(item.get("nome").asText()));
        return names;
    }

    @Test
    void paging_out_of_range_is_a_bad_request_not_a_clamp() {
        assertThat(admin.get("/clientes?size=501").errorCode()).isEqualTo("bad_request");
        assertThat(admin.get("/clientes?size=0").errorCode()).isEqualTo("bad_request");
        assertThat(admin.get("/clientes?page=0").errorCode()).isEqualTo("bad_request");
        assertThat(admin.get("/clientes?page=x").errorCode()).isEqualTo("bad_request");
        assertThat(admin.get("/clientes?size=500").status()).isEqualTo(200);
    }
}
