package fichas.supervisor.config;

import fichas.core.config.Checks;
import fichas.core.config.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks a child JVM's heap settings get at load, so that a mistake is named by its key instead of a child
 * that will not start: the heap cap ({@code -Xmx}) looks like {@code 256m}, and the options' initial heap
 * ({@code -Xms}) and young generation ({@code -Xmn}) fit under it (the instances' defaults carry both).
 */
final class JvmHeap {
    private static final Pattern SIZE = Pattern.compile("(\\d+)([kKmMgG])");
    private static final Pattern OPTION = Pattern.compile("-Xm([sn])(\\d+[kKmMgG])");

    private JvmHeap() {
    }

    /** Checks {@code heap} and the sizes in {@code options} against it; {@code example} is a valid heap for the message. */
    static void check(String heapKey, String heap, String example, String optionsKey, List<String> options) {
        long cap = bytes(Checks.present(heapKey, heap))
                .orElseThrow(() -> new ConfigException(heapKey + " must look like " + example + " or 1g, but was '" + heap + "'"));
        for (String option : options) {
            Matcher m = OPTION.matcher(option);
            if (!m.matches()) {
                continue;
            }
            long size = bytes(m.group(2)).orElseThrow();
            boolean young = m.group(1).equals("n");
            if (young ? size >= cap : size > cap) {
                throw new ConfigException(optionsKey + " has " + option + ", which does not fit in the heap of " + heap
                        + " (" + heapKey + "): " + (young ? "the young generation must be smaller than the heap"
                        : "the initial heap cannot be larger than the heap") + "; lower it or raise " + heapKey);
            }
        }
    }

    private static OptionalLong bytes(String size) {
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        long shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            default -> 30;
        };
        try {
            return OptionalLong.of(Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift));
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return OptionalLong.of(Long.MAX_VALUE);
        }
    }
}
