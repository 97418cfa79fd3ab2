package fichas.instance.pedidos;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that knows a pedido's statuses and which changes between them are legal:
 * {@code recebido → em_producao → concluido → entregue}, and {@code cancelado} from any status
 * except {@code entregue} (and except itself: cancelling twice is not a change). Staying in the same
 * status is never a transition. Immutable and thread-safe.
 */
public final class StatusWorkflow {
    /** A pedido's status, with its wire name. */
    public enum Status {
        RECEBIDO, EM_PRODUCAO, CONCLUIDO, ENTREGUE, CANCELADO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The status with this wire name, or empty when it is not a status at all. */
        public static Optional<Status> parse(String wireName) {
            return Arrays.stream(values()).filter(s -> s.wireName().equals(wireName)).findFirst();
        }
    }

    /** The status of a new pedido. */
    public static final Status INITIAL = Status.RECEBIDO;

    private StatusWorkflow() {
    }

    public static boolean allows(Status from, Status to) {
        return nextSteps(from).contains(to);
    }

    /** Every status {@code from} may change to. */
    public static Set<Status> nextSteps(Status from) {
        return switch (from) {
            case RECEBIDO -> EnumSet.of(Status.EM_PRODUCAO, Status.CANCELADO);
            case EM_PRODUCAO -> EnumSet.of(Status.CONCLUIDO, Status.CANCELADO);
            case CONCLUIDO -> EnumSet.of(Status.ENTREGUE, Status.CANCELADO);
            case ENTREGUE, CANCELADO -> EnumSet.noneOf(Status.class);
        };
    }

    public static String wireNames() {
        return String.join(", ", Arrays.stream(Status.values()).map(Status::wireName).toList());
    }
}
