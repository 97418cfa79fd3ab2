package fichas.instance.imagens;

/** Client file names reduced to safe metadata: never used to build a path. */
final class Filenames {
    static final int MAX_LENGTH = 200;
    static final String UNNAMED = "unnamed";

    private Filenames() {
    }

    /** The last path segment, control characters removed, trimmed, at most 200 characters. */
    static String sanitize(String raw) {
        if (raw == null) {
            return UNNAMED;
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints()
                .filter(cp -> !Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT
                        && cp != 0x2028 && cp != 0x2029)
                .forEach(clean::appendCodePoint);
        name = clean.toString().strip();
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH));
        }
        return name.isEmpty() || name.equals(".") || name.equals("..") ? UNNAMED : name;
    }
}
