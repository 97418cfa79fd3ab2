package fichas.instance.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of the running build: the jar manifest's Implementation-Version, else Maven's pom.properties. */
public final class BuildVersion {
    private static final String POM_PROPERTIES = "META-INF/maven/fichas/fichas-instance/pom.properties";
    private static final String UNKNOWN = "development";

    private BuildVersion() {
    }

    public static String current() {
        String fromManifest = BuildVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = BuildVersion.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                return pom.getProperty("version", UNKNOWN);
            }
        } catch (IOException e) {
            // not in a jar built by Maven: fall through
        }
        return UNKNOWN;
    }
}
