package fichas.instance.clientes;

import java.util.Optional;

/**
 * Brazilian taxpayer numbers: CPF (11 digits) and CNPJ (14 digits), given as digits or formatted
 * ({@code 123.456.789-09}, {@code 12.345.678/0001-95}), accepted only with valid check digits.
 * Stored and returned as digits only.
 */
public final class Documento {
    private Documento() {
    }

    /** The digits of a valid CPF or CNPJ, or empty when {@code raw} is neither. */
    public static Optional<String> normalize(String raw) {
        if (!raw.matches("[0-9./\\- ]+")) {
            return Optional.empty();
        }
        String digits = raw.replaceAll("[^0-9]", "");
        boolean valid = switch (digits.length()) {
            case 11 -> isValidCpf(digits);
            case 14 -> isValidCnpj(digits);
            default -> false;
        };
        return valid ? Optional.of(digits) : Optional.empty();
    }

    static boolean isValidCpf(String digits) {
        if (allSame(digits)) {
            return false;
        }
        return checkDigit(digits, 9, 10) == digits.charAt(9) - '0'
                && checkDigit(digits, 10, 11) == digits.charAt(10) - '0';
    }

    private static int checkDigit(String digits, int length, int firstWeight) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (digits.charAt(i) - '0') * (firstWeight - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }

    static boolean isValidCnpj(String digits) {
        if (allSame(digits)) {
            return false;
        }
        int[] first = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
        int[] second = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
        return cnpjDigit(digits, first) == digits.charAt(12) - '0'
                && cnpjDigit(digits, second) == digits.charAt(13) - '0';
    }

    private static int cnpjDigit(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    private static boolean allSame(String digits) {
        return digits.chars().allMatch(c -> c == digits.charAt(0));
    }
}
