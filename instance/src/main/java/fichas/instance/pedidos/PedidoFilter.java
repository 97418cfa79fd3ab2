package fichas.instance.pedidos;

import fichas.core.http.ApiException;
import fichas.instance.http.ApiRequest;
import fichas.instance.pedidos.StatusWorkflow.Status;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The filters and order of {@code GET /pedidos}, parsed from the query (a bad value is 400
 * {@code bad_request}) and turned into SQL. With {@code status} plus a date order the query walks
 * the composite index ({@code status, data_entrada} or {@code status, created_at}) in order, the
 * rowid breaking ties, so no sort step is needed.
 */
record PedidoFilter(Optional<Status> status, Optional<Long> clienteId, Optional<Long> tipoId,
                    Optional<LocalDate> desde, Optional<LocalDate> ate, String orderBy) {

    static PedidoFilter of(ApiRequest request) {
        Optional<Status> status = request.query("status").map(raw -> Status.parse(raw.trim()).orElseThrow(() ->
                ApiException.badRequest("status must be one of " + StatusWorkflow.wireNames() + ", but was '" + raw + "'")));
        Optional<LocalDate> desde = date(request, "desde");
        Optional<LocalDate> ate = date(request, "ate");
        if (desde.isPresent() && ate.isPresent() && ate.get().isBefore(desde.get())) {
            throw ApiException.badRequest("ate (" + ate.get() + ") must not be before desde (" + desde.get() + ")");
        }
        return new PedidoFilter(status, id(request, "cliente_id"), id(request, "tipo_id"), desde, ate,
                order(request.query("order").orElse("-data_criacao").trim()));
    }

    /** True when no filter but {@code status} (if any) is set. */
    boolean onlyStatus() {
        return clienteId.isEmpty() && tipoId.isEmpty() && desde.isEmpty() && ate.isEmpty();
    }

    /** {@code " WHERE ..."} or empty, with its parameters appended to {@code params}. */
    String where(List<Object> params) {
        List<String> terms = new ArrayList<>();
        status.ifPresent(s -> add(terms, params, "status = ?", s.wireName()));
        clienteId.ifPresent(id -> add(terms, params, "cliente_id = ?", id));
        tipoId.ifPresent(id -> add(terms, params, "tipo_id = ?", id));
        desde.ifPresent(d -> add(terms, params, "data_entrada >= ?", d.toString()));
        ate.ifPresent(d -> add(terms, params, "data_entrada <= ?", d.toString()));
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    private static void add(List<String> terms, List<Object> params, String term, Object value) {
        terms.add(term);
        params.add(value);
    }

    private static String order(String raw) {
        return switch (raw) {
            case "data_entrada" -> "data_entrada ASC, id ASC";
            case "-data_entrada" -> "data_entrada DESC, id DESC";
            case "data_criacao" -> "created_at ASC, id ASC";
            case "-data_criacao" -> "created_at DESC, id DESC";
            default -> throw ApiException.badRequest("order must be one of data_entrada, -data_entrada, "
                    + "data_criacao, -data_criacao, but was '" + raw + "'");
        };
    }

    private static Optional<Long> id(ApiRequest request, String name) {
        return request.query(name).map(raw -> {
            try {
                long id = Long.parseLong(raw.trim());
                if (id > 0) {
                    return id;
                }
            } catch (NumberFormatException e) {
                // falls through to the 400
            }
            throw ApiException.badRequest(name + " must be a positive integer, but was '" + raw + "'");
        });
    }

    private static Optional<LocalDate> date(ApiRequest request, String name) {
        return request.query(name).map(raw -> {
            try {
                if (raw.trim().matches("\\d{4}-\\d{2}-\\d{2}")) {
                    return LocalDate.parse(raw.trim());
                }
            } catch (DateTimeParseException e) {
                // falls through to the 400
            }
            throw ApiException.badRequest(name + " must be a date YYYY-MM-DD, but was '" + raw + "'");
        });
    }
}
