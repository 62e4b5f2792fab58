package io.fedspark.jobs.bench.jmh;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Facts a JMH fork learns about itself that the report must state (the native BLAS it loaded and
 * whether it pins arrays, ND4J's thread settings, the training data it used), handed back to the
 * JVM that runs JMH through a properties file named by the system property {@value #PROPERTY}.
 * JMH runs forks one after another, so a fork's read-modify-write of the file never races.
 */
public final class ForkFacts {
  /** System property naming the facts file; without it, facts are dropped. */
  public static final String PROPERTY = "fedspark.bench.facts";

  private ForkFacts() {}

  /** Records {@code key = value} in the facts file, if there is one. */
  public static void put(String key, String value) {
    String file = System.getProperty(PROPERTY);
    if (file == null) {
      return;
    }
    Path path = Path.of(file);
    Map<String, String> facts = read(path);
    facts.put(key, value);
    Properties p = new Properties();
    p.putAll(facts);
    try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      p.store(w, null);
    } catch (IOException e) {
      throw new UncheckedIOException("benchmark fork: cannot write facts to " + path + ": " + e.getMessage(), e);
    }
  }

  /** The facts in {@code path}, sorted by key; empty if the file does not exist. */
  public static Map<String, String> read(Path path) {
    Map<String, String> facts = new TreeMap<>();
    if (!Files.exists(path)) {
      return facts;
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark facts from " + path + ": " + e.getMessage(), e);
    }
    p.stringPropertyNames().forEach(k -> facts.put(k, p.getProperty(k)));
    return facts;
  }
}
