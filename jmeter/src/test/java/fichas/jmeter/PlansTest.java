package fichas.jmeter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** Checks the rules every plan keeps, on the JMX files themselves (JMeter does not run here). */
class PlansTest {

    private static final Path PLANS = Path.of("src/test/jmeter");

    static Stream<Path> plans() throws Exception {
        try (Stream<Path> files = Files.walk(PLANS)) {
            return files.filter(p -> p.toString().endsWith(".jmx")).sorted().toList().stream();
        }
    }

    private static Document parse(Path plan) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(plan.toFile());
    }

    /** In JMX, an element's children sit in the hashTree right after it. */
    private static List<String> childTags(Element element) {
        List<String> tags = new ArrayList<>();
        Node next = element.getNextSibling();
        while (next != null && next.getNodeType() != Node.ELEMENT_NODE) {
            next = next.getNextSibling();
        }
        if (next != null && "hashTree".equals(next.getNodeName())) {
            NodeList kids = next.getChildNodes();
            for (int i = 0; i < kids.getLength(); i++) {
                if (kids.item(i).getNodeType() == Node.ELEMENT_NODE) {
                    tags.add(kids.item(i).getNodeName());
                }
            }
        }
        return tags;
    }

    @ParameterizedTest
    @MethodSource("plans")
    void every_request_asserts_its_status_code_and_a_json_field(Path plan) throws Exception {
        NodeList samplers = parse(plan).getElementsByTagName("HTTPSamplerProxy");
        for (int i = 0; i < samplers.getLength(); i++) {
            Element sampler = (Element) samplers.item(i);
            assertThat(childTags(sampler))
                    .as("%s: %s", plan, sampler.getAttribute("testname"))
                    .contains("ResponseAssertion", "JSONPathAssertion");
        }
    }

    @ParameterizedTest
    @MethodSource("plans")
    void no_plan_hard_codes_where_the_system_is(Path plan) throws Exception {
        String text = Files.readString(plan);

        assertThat(text).doesNotContain("<stringProp name=\"HTTPSampler.domain\">127")
                .doesNotContain("<stringProp name=\"HTTPSampler.port\">9");
    }

    @ParameterizedTest
    @MethodSource("plans")
    void thread_groups_take_their_size_and_duration_from_properties(Path plan) throws Exception {
        NodeList groups = parse(plan).getElementsByTagName("ThreadGroup");
        for (int i = 0; i < groups.getLength(); i++) {
            Element group = (Element) groups.item(i);
            if (group.getAttribute("testname").equals("killer")) {
                continue;
            }
            NodeList props = group.getElementsByTagName("stringProp");
            for (int j = 0; j < props.getLength(); j++) {
                Element prop = (Element) props.item(j);
                if (List.of("ThreadGroup.num_threads", "ThreadGroup.duration").contains(prop.getAttribute("name"))) {
                    assertThat(prop.getTextContent()).as("%s %s", plan, prop.getAttribute("name")).contains("${");
                }
            }
        }
    }
}
