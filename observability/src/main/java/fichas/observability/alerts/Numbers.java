package fichas.observability.alerts;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as people read them in alert messages: "0.93", "250", "1.5E+10" — at most three decimals. */
final class Numbers {

    private Numbers() {
    }

    static String compact(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 && rounded.precision() - rounded.scale() <= 15
                ? rounded.toPlainString() : rounded.toString();
    }
}
