package fichas.instance.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fichas.instance.store.Database;
import fichas.instance.store.Sql;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The key is claimed in the create's own savepoint: losing the claim undoes the create. */
@WithInstance
class IdempotencyKeysTest {
    private static final String NOW = "2026-11-24T12:00:00Z";
    private static final String LATER = "2026-11-25T12:00:00Z";

    static RunningInstance instance;
    static Database database;

    @BeforeAll
    static void start() {
        database = instance.server().database();
    }

    private static Long createClaiming(IdempotencyKeys keys, KeyScope scope, String nome) throws Exception {
        StoredResponse answer = new StoredResponse("hash", 201, "application/json", Map.of("Location", "/x/1"),
                "{}".getBytes());
        return database.write(c -> Sql.insert(c, "INSERT INTO clientes (nome, created_at, updated_at) "
                + "VALUES (?, ?, ?)", nome, NOW, NOW), (c, result) -> keys.claimInTransaction(c, scope, answer, NOW, LATER));
    }

    private static long clientesNamed(String nome) {
        return database.read(c -> Sql.count(c, "SELECT COUNT(*) FROM clientes WHERE nome = ?", nome));
    }

    @Test
    void the_second_create_with_a_claimed_key_is_rolled_back_with_its_claim() throws Exception {
        IdempotencyKeys keys = new IdempotencyKeys(database);
        KeyScope scope = new KeyScope(1, "POST /clientes", "race");

        createClaiming(keys, scope, "Corrida");

        assertThatThrownBy(() -> createClaiming(keys, scope, "Corrida")).isInstanceOf(KeyTakenException.class);
        assertThat(clientesNamed("Corrida")).isEqualTo(1);
        assertThat(keys.find(scope, NOW)).get().extracting(StoredResponse::status).isEqualTo(201);
    }

    @Test
    void an_expired_key_is_replaced_by_a_new_claim_and_invisible_to_lookups() throws Exception {
        IdempotencyKeys keys = new IdempotencyKeys(database);
        KeyScope scope = new KeyScope(1, "POST /clientes", "old");
        keys.recordAnswer(scope, new StoredResponse("h0", 400, "application/json", Map.of(), "{}".getBytes()),
                "2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z");
        assertThat(keys.find(scope, NOW)).isEmpty();

        createClaiming(keys, scope, "Depois de expirar");

        assertThat(clientesNamed("Depois de expirar")).isEqualTo(1);
        assertThat(keys.find(scope, NOW)).get().extracting(StoredResponse::requestHash).isEqualTo("hash");
    }
}
