package io.fedspark.federated.data;

import java.time.Instant;
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

  /** Renders the record as a small JSON object (keys in a fixed order, one per line). */
  String toJson() {
    StringBuilder json = new StringBuilder("{\n");
    field(json, "dataset", pkg.dataset().configName());
    field(json, "client", pkg.client().name().toLowerCase(java.util.Locale.ROOT));
    field(json, "package", pkg.name());
    field(json, "version", resolvedVersion);
    field(json, "command", String.join(" ", pkg.downloadCommand()));
    field(json, "packageFile", packageFile);
    field(json, "packageSha256", packageSha256);
    field(json, "fetchedAt", fetchedAt.toString());
    json.append("  \"files\": {");
    String separator = "\n";
    for (Map.Entry<String, String> e : fileSha256.entrySet()) {
      json.append(separator).append("    ").append(quote(e.getKey())).append(": ")
          .append(quote(e.getValue()));
      separator = ",\n";
    }
    json.append("\n  }\n}\n");
    return json.toString();
  }

  private static void field(StringBuilder json, String key, String value) {
    json.append("  ").append(quote(key)).append(": ").append(quote(value)).append(",\n");
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
