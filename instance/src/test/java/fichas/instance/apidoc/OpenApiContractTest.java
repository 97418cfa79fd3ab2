package fichas.instance.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.core.http.Access;
import fichas.instance.http.Route;
import fichas.instance.testing.Admin;
import fichas.instance.testing.ApiClient;
import fichas.instance.testing.ApiResponse;
import fichas.instance.testing.RunningInstance;
import fichas.instance.testing.WithInstance;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract cannot drift from the code: the routes the router really serves, the operations of
 * {@code GET /openapi.json} and the routes named in {@code docs/API.md} must be the same set.
 *
 * <p>A failure names the route and the file to edit. Adding a route: add it to
 * {@code instance/src/main/resources/openapi.json} (path, method, responses, schemas) and to a table
 * of {@code docs/API.md}; if it was listed in {@link #NOT_BUILT_YET}, remove it from there.
 */
@WithInstance
class OpenApiContractTest {
    static final String OPENAPI_FILE = "instance/src/main/resources/openapi.json";
    static final String API_DOC_FILE = "docs/API.md";
    static final String THIS_TEST = "instance/src/test/java/fichas/instance/apidoc/OpenApiContractTest.java";

    /**
     * Routes that API.md (the contract clients use) already promises but the code does not serve yet:
     * documented in openapi.json and docs/API.md, not yet in the router. Each belongs to work in
     * progress; the engineer who lands the route removes its line here (the test says so when it
     * is served). Keep this list short and explained.
     */
    static final Set<String> NOT_BUILT_YET = Set.of();

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern DOC_ROUTE = Pattern.compile("`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s?]*)`");
    /** A table row of docs/API.md that starts with a route; its last cell holds the success answer. */
    private static final Pattern DOC_ROW = Pattern.compile("\\|\\s*`(GET|POST|PUT|PATCH|DELETE) (/[^`\\s?]*)`.*\\|\\s*");
    private static final Pattern DOC_STATUS = Pattern.compile("`([1-5]\\d\\d)\\b");

    static RunningInstance instance;
    @Admin
    static ApiClient admin;
    static ApiResponse served;
    static JsonNode document;

    @BeforeAll
    static void fetch() throws IOException {
        served = instance.client().get("/openapi.json");
        document = new ObjectMapper().readTree(served.text());
    }

    @Test
    void the_description_is_served_without_a_token_as_json() {
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.header("Content-Type")).contains("application/json");
        assertThat(served.header("X-Instance")).isPresent();
        assertThat(document.get("openapi").asText()).startsWith("3.1.");
    }

    @Test
    void it_is_a_valid_openapi_3_1_document_for_a_real_parser() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(served.text(), null, options);

        assertThat(result.getMessages()).as("messages of swagger-parser about " + OPENAPI_FILE).isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(result.getOpenAPI().getPaths()).hasSize(document.get("paths").size());
    }

    @Test
    void every_route_the_router_serves_is_described() {
        Set<String> undocumented = new TreeSet<>(routerRoutes().keySet());
        undocumented.removeAll(documentedOperations().keySet());

        assertThat(undocumented)
                .as("served by the router but not described: add each to %s (and to a table of %s)", OPENAPI_FILE, API_DOC_FILE)
                .isEmpty();
    }

    @Test
    void every_described_route_is_served_unless_listed_as_not_built_yet() {
        Set<String> documented = documentedOperations().keySet();
        Set<String> served = routerRoutes().keySet();
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(served);
        missing.removeAll(NOT_BUILT_YET);
        Set<String> builtNow = new TreeSet<>(NOT_BUILT_YET);
        builtNow.retainAll(served);
        Set<String> listedButUndescribed = new TreeSet<>(NOT_BUILT_YET);
        listedButUndescribed.removeAll(documented);

        assertThat(missing)
                .as("described in %s but not served by the router: serve it, or remove it from %s and %s", OPENAPI_FILE,
                        OPENAPI_FILE, API_DOC_FILE)
                .isEmpty();
        assertThat(builtNow).as("served now: remove from NOT_BUILT_YET in %s", THIS_TEST).isEmpty();
        assertThat(listedButUndescribed).as("NOT_BUILT_YET lists routes %s does not describe", OPENAPI_FILE).isEmpty();
    }

    @Test
    void docs_api_md_names_exactly_the_described_routes() throws IOException {
        Set<String> inDoc = new TreeSet<>();
        Matcher m = DOC_ROUTE.matcher(Files.readString(repositoryFile(API_DOC_FILE)));
        while (m.find()) {
            inDoc.add(m.group(1) + " " + normalise(m.group(2)));
        }
        Set<String> described = documentedOperations().keySet();
        Set<String> notInDoc = new TreeSet<>(described);
        notInDoc.removeAll(inDoc);
        Set<String> onlyInDoc = new TreeSet<>(inDoc);
        onlyInDoc.removeAll(described);

        assertThat(notInDoc).as("described in %s but named nowhere in %s (write `METHOD /path` in a table)", OPENAPI_FILE,
                API_DOC_FILE).isEmpty();
        assertThat(onlyInDoc).as("named in %s but not described in %s", API_DOC_FILE, OPENAPI_FILE).isEmpty();
    }

    @Test
    void the_success_status_docs_api_md_gives_each_route_is_one_the_description_gives() throws IOException {
        Map<String, JsonNode> operations = documentedOperations();
        Set<String> disagreeing = new TreeSet<>();
        for (String line : Files.readAllLines(repositoryFile(API_DOC_FILE))) {
            Matcher row = DOC_ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String[] cells = line.strip().split("\\|");
            Matcher status = DOC_STATUS.matcher(cells[cells.length - 1]);
            String key = row.group(1) + " " + normalise(row.group(2));
            JsonNode operation = operations.get(key);
            if (status.find() && operation != null && operation.at("/responses/" + status.group(1)).isMissingNode()) {
                disagreeing.add(key + " " + status.group(1));
            }
        }

        assertThat(disagreeing).as("success status named in %s but not a response in %s", API_DOC_FILE, OPENAPI_FILE)
                .isEmpty();
    }

    @Test
    void the_cache_clear_is_described_with_the_status_the_server_answers() throws IOException {
        int answered = admin.send("POST", "/monitoring/cache/clear", null, null).status();
        JsonNode operation = documentedOperations().get("POST /monitoring/cache/clear");
        String row = Files.readAllLines(repositoryFile(API_DOC_FILE)).stream()
                .filter(line -> line.startsWith("| `POST /monitoring/cache/clear`")).findFirst().orElseThrow();

        assertThat(answered).isEqualTo(204);
        assertThat(successCodes(operation)).as(OPENAPI_FILE).containsExactly("204");
        assertThat(row).as(API_DOC_FILE).contains("`204`").doesNotContain("`200`");
    }

    @Test
    void access_rules_in_the_description_match_the_router() {
        Map<String, JsonNode> operations = documentedOperations();
        routerRoutes().forEach((key, route) -> {
            JsonNode operation = operations.get(key);
            if (operation == null) {
                return; // reported by every_route_the_router_serves_is_described
            }
            JsonNode security = operation.get("security");
            boolean publicInDoc = security != null && security.isArray() && security.isEmpty();
            assertThat(publicInDoc).as("%s in %s: security [] exactly when the route needs no token", key, OPENAPI_FILE)
                    .isEqualTo(route.access() == Access.PUBLIC);
            if (route.access() == Access.ADMIN || route.access() == Access.LOCAL_OR_ADMIN) {
                assertThat(operation.at("/responses/403").isMissingNode())
                        .as("%s is admin-only in the router: describe its 403 in %s", key, OPENAPI_FILE).isFalse();
            }
            if (route.access() != Access.PUBLIC) {
                assertThat(operation.at("/responses/401").isMissingNode())
                        .as("%s needs a token: describe its 401 in %s", key, OPENAPI_FILE).isFalse();
            }
        });
    }

    @Test
    void every_operation_has_a_success_answer_and_a_unique_id_and_every_reference_resolves() {
        Set<String> ids = new TreeSet<>();
        documentedOperations().forEach((key, operation) -> {
            assertThat(ids.add(operation.get("operationId").asText())).as("operationId of %s is unique", key).isTrue();
            Iterator<String> codes = operation.get("responses").fieldNames();
            boolean success = false;
            while (codes.hasNext()) {
                String code = codes.next();
                success |= code.startsWith("2") || code.equals("101");
            }
            assertThat(success).as("%s has a 2xx (or 101) response", key).isTrue();
        });
        for (String ref : references(document, new TreeSet<>())) {
            assertThat(document.at(ref.substring(1)).isMissingNode()).as("$ref %s resolves", ref).isFalse();
        }
        for (String schema : new String[] {"Error", "Cliente", "Tipo", "Pedido", "User", "ClientePage", "PedidoPage",
                "UserPage", "LoginResponse", "Imagem"}) {
            assertThat(document.at("/components/schemas/" + schema).isObject()).as("schema %s", schema).isTrue();
        }
    }

    private static List<String> successCodes(JsonNode operation) {
        List<String> codes = new ArrayList<>();
        operation.get("responses").fieldNames().forEachRemaining(code -> {
            if (code.startsWith("2")) {
                codes.add(code);
            }
        });
        return codes;
    }

    /** "METHOD /path/{}" → route, from the router that the running instance really uses. */
    private static Map<String, Route> routerRoutes() {
        Map<String, Route> out = new TreeMap<>();
        for (Route route : instance.server().routes()) {
            out.put(route.method().toString() + " " + normalise(route.template()), route);
        }
        return out;
    }

    /** "METHOD /path/{}" → operation object, from the served document. */
    private static Map<String, JsonNode> documentedOperations() {
        Map<String, JsonNode> out = new TreeMap<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + normalise(path.getKey()), op.getValue());
            }
        }));
        return out;
    }

    /** Parameter names may differ ({@code {id}} / {@code {imagem_id}}); only the shape of the path counts. */
    private static String normalise(String template) {
        return template.replaceAll("\\{[^}/]*}", "{}");
    }

    private static Set<String> references(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    into.add(field.getValue().asText());
                } else {
                    references(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> references(child, into));
        }
        return into;
    }

    /** Tests run in the module's folder (Maven) or at the repository root (an IDE). */
    private static Path repositoryFile(String relative) {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError(relative + " not found above " + here);
    }
}
