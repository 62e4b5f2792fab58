package io.fedspark.federated.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fedspark.federated.client.ClientUpdate;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checkpoint round trips: 3 rounds, state(), restore into a fresh instance, 2 more rounds must be
 * bit-identical to 5 uninterrupted rounds, for every kind (stateless kinds trivially).
 */
@Tag("line-independent")
class StrategyStateTest {
  private static final int DIM = 7;
  private static final int CLIENTS = 5;

  /** Clients move from the global model by seeded noise of varying scale, as local training would. */
  private static RoundUpdates round(int round, float[] global) {
    SplittableRandom r = new SplittableRandom(1000 + round);
    ClientUpdate[] cs = new ClientUpdate[CLIENTS];
    for (int k = 0; k < CLIENTS; k++) {
      float[] p = new float[DIM];
      for (int j = 0; j < DIM; j++) {
        p[j] = global[j] + (float) ((r.nextDouble() - 0.4) * Math.pow(10, -j % 4));
      }
      cs[k] = Rounds.client(k, 1 + r.nextInt(50), p);
    }
    return Rounds.of(round, cs);
  }

  private static float[] run(Strategy s, float[] global, int fromRound, int toRound) {
    for (int t = fromRound; t <= toRound; t++) {
      global = s.aggregate(global, round(t, global));
    }
    return global;
  }

  @ParameterizedTest
  @EnumSource(StrategyKind.class)
  void resumingFromAStateSnapshotIsBitIdentical(StrategyKind kind) {
    StrategyOptions options = StrategyOptions.defaults(kind);
    float[] w0 = new float[DIM];
    Arrays.fill(w0, 0.25f);

    float[] uninterrupted = run(options.create(), w0, 1, 5);

    Strategy first = options.create();
    float[] w3 = run(first, w0, 1, 3);
    float[][] snapshot = first.state();
    float[][] copy = deepCopy(snapshot);
    first.aggregate(w3, round(4, w3)); // state() must be a copy: advancing the instance leaves it alone
    assertArrayEquals(copy, snapshot);

    Strategy resumed = options.create();
    resumed.restore(snapshot);
    float[] resumedFinal = run(resumed, w3, 4, 5);

    assertArrayEquals(uninterrupted, resumedFinal, kind + ": resumed run differs from the uninterrupted one");
    assertNotEquals(Arrays.toString(w0), Arrays.toString(uninterrupted), "the rounds did move the model");
  }

  @ParameterizedTest
  @EnumSource(value = StrategyKind.class, names = {"FEDAVGM", "FEDADAM", "FEDYOGI", "FEDADAGRAD"})
  void statefulStrategiesExposeTheirStateAndRefuseAForeignOne(StrategyKind kind) {
    Strategy s = StrategyOptions.defaults(kind).create();
    assertEquals(0, s.state().length, "no state before the first round");
    float[] w1 = run(s, new float[DIM], 1, 1);
    int arrays = kind == StrategyKind.FEDAVGM ? 1 : 2;
    assertEquals(arrays, s.state().length);
    assertEquals(DIM, s.state()[0].length);

    Strategy fresh = StrategyOptions.defaults(kind).create();
    IllegalArgumentException wrongCount =
        assertThrows(IllegalArgumentException.class, () -> fresh.restore(new float[3][DIM]));
    String what = kind == StrategyKind.FEDAVGM ? "the server velocity" : "the first and second moments m, v";
    assertEquals(kind.configName() + ": checkpoint holds 3 state arrays, expected 0 (no round yet) or " + arrays
        + " (" + what + ")", wrongCount.getMessage());

    // a state for another model size is caught when applied
    float[][] small = new float[arrays][3];
    fresh.restore(small);
    IllegalArgumentException wrongModel =
        assertThrows(IllegalArgumentException.class, () -> fresh.aggregate(w1, round(2, w1)));
    assertEquals(kind.configName() + ": server state has 3 parameters but the global model has 7"
        + " (checkpoint from a different model?)", wrongModel.getMessage());

    // restoring the empty state resets to a fresh instance
    fresh.restore(new float[0][]);
    assertArrayEquals(run(StrategyOptions.defaults(kind).create(), new float[DIM], 1, 2), run(fresh, new float[DIM], 1, 2));
  }

  @ParameterizedTest
  @EnumSource(value = StrategyKind.class, names = {"FEDADAM", "FEDYOGI", "FEDADAGRAD"})
  void momentsOfUnequalLengthAreRefused(StrategyKind kind) {
    Strategy s = StrategyOptions.defaults(kind).create();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.restore(new float[][] {new float[4], new float[5]}));
    assertEquals(kind.configName() + ": checkpoint state array 1 has length 5, expected 4"
        + " (the first and second moments m, v have one entry per parameter)", e.getMessage());
  }

  private static float[][] deepCopy(float[][] a) {
    float[][] c = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
