package io.fedspark.jobs.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic table's rows (without Spark: {@link SyntheticTable#row} is what the executors
 * call), its reuse marker, and the line clock the benchmark reads phases from.
 */
class SyntheticTableTest {
  private static final SyntheticTable.Spec SPEC = new SyntheticTable.Spec(20_000, 16, 4, 100, 2.0, 0.5, 2, 32, 11);

  @Test
  void rowsDependOnTheSeedAndTheRowNumberAlone() {
    float[] w = SyntheticTable.teacher(SPEC);
    Row a = SyntheticTable.row(SPEC, w, 1234);
    Row b = SyntheticTable.row(SPEC, SyntheticTable.teacher(SPEC), 1234);
    assertArrayEquals(((Vector) a.get(0)).toArray(), ((Vector) b.get(0)).toArray());
    assertEquals(a.getInt(1), b.getInt(1));
    assertEquals(a.getString(2), b.getString(2));
    assertEquals(16, ((Vector) a.get(0)).size());
    assertNotEquals(((Vector) a.get(0)).apply(0), ((Vector) SyntheticTable.row(SPEC, w, 1235).get(0)).apply(0));
    SyntheticTable.Spec other = new SyntheticTable.Spec(20_000, 16, 4, 100, 2.0, 0.5, 2, 32, 12);
    assertNotEquals(((Vector) a.get(0)).apply(0), ((Vector) SyntheticTable.row(other, SyntheticTable.teacher(other), 1234)
        .get(0)).apply(0), "another seed, other rows");
  }

  @Test
  void withoutNoiseTheLabelIsTheTeachersArgmax() {
    SyntheticTable.Spec clean = new SyntheticTable.Spec(1000, 16, 4, 100, 2.0, 0.0, 1, 32, 11);
    float[] w = SyntheticTable.teacher(clean);
    int[] counts = new int[4];
    for (long i = 0; i < 1000; i++) {
      Row r = SyntheticTable.row(clean, w, i);
      double[] x = ((Vector) r.get(0)).toArray();
      int best = 0;
      double bestZ = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 4; k++) {
        double z = 0;
        for (int j = 0; j < 16; j++) {
          z += w[k * 16 + j] * x[j];
        }
        if (z > bestZ) {
          bestZ = z;
          best = k;
        }
      }
      assertEquals(best, r.getInt(1), "row " + i);
      counts[best]++;
    }
    for (int c : counts) {
      assertTrue(c > 100, "every class occurs: " + java.util.Arrays.toString(counts));
    }
  }

  @Test
  void noiseFlipsSomeLabelsAndClientSizesAreSkewed() {
    float[] w = SyntheticTable.teacher(SPEC);
    SyntheticTable.Spec clean = new SyntheticTable.Spec(20_000, 16, 4, 100, 2.0, 0.0, 2, 32, 11);
    int[] perClient = new int[100];
    int flipped = 0;
    for (long i = 0; i < 20_000; i++) {
      Row noisy = SyntheticTable.row(SPEC, w, i);
      // the same row's features without the noise: the noise draws come after the features
      if (noisy.getInt(1) != SyntheticTable.row(clean, w, i).getInt(1)) {
        flipped++;
      }
      String c = noisy.getString(2);
      assertTrue(c.matches("c\\d{5}"), c);
      perClient[Integer.parseInt(c.substring(1))]++;
    }
    assertTrue(flipped > 500 && flipped < 10_000, "noise 0.5 flips some labels, not most: " + flipped);
    // client k's share is sqrt((k+1)/C) - sqrt(k/C): 10% for client 0, 0.5% for client 99
    assertEquals(2000, perClient[0], 200);
    assertEquals(100, perClient[99], 40);
  }

  @Test
  void aTableIsCompleteOnlyWithItsMarkerSpecAndFiles(@TempDir Path dir) throws Exception {
    Path table = dir.resolve("t");
    assertFalse(SyntheticTable.isComplete(table, SPEC), "no directory");
    Files.createDirectories(table);
    Files.write(table.resolve("part-00000.parquet"), new byte[1000]);
    Files.write(table.resolve("part-00001.parquet"), new byte[500]);
    assertFalse(SyntheticTable.isComplete(table, SPEC), "no marker");
    Files.writeString(table.resolve(SyntheticTable.MARKER), "{\"generatorVersion\": " + SyntheticTable.GENERATOR_VERSION
        + ", \"spec\": {\"rows\": 20000, \"features\": 16, \"classes\": 4, \"clients\": 100, \"skew\": 2.0,"
        + " \"noise\": 0.5, \"files\": 2, \"rowGroupMb\": 32, \"seed\": 11}, \"parquetBytes\": 1500}");
    assertTrue(SyntheticTable.isComplete(table, SPEC));
    assertFalse(SyntheticTable.isComplete(table, new SyntheticTable.Spec(20_000, 16, 4, 100, 2.0, 0.5, 2, 32, 12)),
        "another seed");
    Files.delete(table.resolve("part-00001.parquet"));
    assertFalse(SyntheticTable.isComplete(table, SPEC), "a file is missing");
  }

  @Test
  void theLineClockPassesLinesThroughAndTimesThem() {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    List<String> seen = new ArrayList<>();
    LineClock clock = new LineClock(sink, l -> seen.add(l.text()));
    PrintStream out = new PrintStream(clock, true, StandardCharsets.UTF_8);
    out.print("[data] t: 10 training");
    out.println(" rows");
    out.println("[train] mlp in 4 partitions, local-sgd");
    out.print("unfinished");
    assertEquals("[data] t: 10 training rows\n[train] mlp in 4 partitions, local-sgd\nunfinished",
        sink.toString(StandardCharsets.UTF_8));
    assertEquals(List.of("[data] t: 10 training rows", "[train] mlp in 4 partitions, local-sgd"), seen);
    LineClock.Line data = clock.first("[data] ", " training rows");
    LineClock.Line train = clock.first("[train] ", " partitions, ");
    assertTrue(data.seconds() >= 0 && train.seconds() >= data.seconds());
    assertEquals(null, clock.first("[federate] ", ""));
  }
}
