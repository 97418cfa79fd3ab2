package fichas.instance.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import fichas.instance.clientes.Cliente;
import fichas.instance.pedidos.Pedido;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What writing the instance's JSON answers costs: a page of 20 clientes (as {@code GET /clientes}) and a page of 20
 * pedidos (as {@code GET /pedidos}) through {@link Json#MAPPER}, in threads, after a warm-up. Not a test: run it
 * with {@code bench/inprocess.sh http.JsonWriteBench [rounds] [threads]}.
 */
public final class JsonWriteBench {
    private static final int CALLS = 100_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        List<Cliente> clientes = new ArrayList<>();
        List<Pedido> pedidos = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            clientes.add(new Cliente(i, "Cliente número " + i, "1234567890" + i, "cliente" + i + "@fabrica.example",
                    "+55 11 9999-00" + i, "Rua das Flores, " + i + ", São Paulo", "2026-12-06T10:00:00Z",
                    "2026-12-06T10:00:00Z", 1));
            pedidos.add(new Pedido(i, i, 1 + i % 5, "Fichas de produção, lote " + i, 100L * i, "recebido",
                    "2026-12-06", "2026-12-20", "entregar pela manhã", "2026-12-06T10:00:00Z",
                    "2026-12-06T10:00:00Z", "2026-12-06T10:00:00Z", 1));
        }
        Page<Cliente> clientePage = new Page<>(clientes, 1, 20, 1000);
        Page<Pedido> pedidoPage = new Page<>(pedidos, 1, 20, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            run(pool, threads, clientePage, pedidoPage); // warm-up
            for (int r = 1; r <= rounds; r++) {
                double micros = run(pool, threads, clientePage, pedidoPage);
                System.out.printf(Locale.ROOT, "round %d, %d threads: %.2f us per page (clientes and pedidos alternating, "
                        + "per thread)%n", r, threads, micros);
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double run(ExecutorService pool, int threads, Object a, Object b) throws Exception {
        List<Future<Double>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> write(Json.MAPPER, a, b)));
        }
        double sum = 0;
        for (Future<Double> f : results) {
            sum += f.get();
        }
        return sum / threads;
    }

    private static double write(ObjectMapper mapper, Object a, Object b) throws Exception {
        long bytes = 0;
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            bytes += mapper.writeValueAsBytes((i & 1) == 0 ? a : b).length;
        }
        double micros = (System.nanoTime() - start) / 1e3 / CALLS;
        if (bytes == 42) {
            System.out.println(); // keeps the writes from being optimised away
        }
        return micros;
    }
}
