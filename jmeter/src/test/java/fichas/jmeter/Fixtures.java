package fichas.jmeter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Copies the sample files of src/test/resources/fichas/jmeter where a test wants them. */
final class Fixtures {

    private Fixtures() {
    }

    static Path copy(String resource, Path target) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lays out a jmeter-maven-plugin output folder: reports/&lt;plan&gt;/statistics.json and results/&lt;plan&gt;.csv. */
    static Path jmeterDir(Path root, String plan) {
        Path jmeter = root.resolve("jmeter");
        copy("statistics.json", jmeter.resolve("reports").resolve(plan).resolve("statistics.json"));
        copy("results.csv", jmeter.resolve("results").resolve(plan + ".csv"));
        return jmeter;
    }
}
