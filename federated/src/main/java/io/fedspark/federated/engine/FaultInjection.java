package io.fedspark.federated.engine;

import io.fedspark.math.random.SeedSequence;
import java.io.Serializable;

/**
 * Test-only fault hook: makes a seeded fraction of client attempts throw, as a crashed task
 * would, so tests can check that retries and the failure policy leave results unchanged. Off
 * ({@link #NONE}) unless a test sets it; the decision depends on (seed, round, client, attempt),
 * so a retried attempt can succeed. Only the first {@value #FAILING_ATTEMPTS} attempts of a task can
 * fail, so with Spark's task retries ({@code spark.task.maxFailures} above that) every task
 * eventually succeeds and the test checks retries, not bad luck.
 *
 * @param fraction probability that an attempt fails, in [0, 1)
 * @param seed seed of the fault decisions
 */
public record FaultInjection(double fraction, long seed) implements Serializable {
  public static final FaultInjection NONE = new FaultInjection(0, 0);

  /** Attempts 0 .. FAILING_ATTEMPTS-1 of a task may be made to fail; later ones never are. */
  public static final int FAILING_ATTEMPTS = 2;

  public FaultInjection {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("fault fraction must be in [0, 1), got " + fraction);
    }
  }

  /** Throws {@link InjectedFault} if this attempt is chosen to fail. */
  public void maybeFail(int round, int clientId, int attempt) {
    if (fraction > 0 && attempt < FAILING_ATTEMPTS
        && SeedSequence.root(seed).derive("fault", round, clientId, attempt).random().nextDouble() < fraction) {
      throw new InjectedFault("injected fault: round " + round + ", client " + clientId + ", attempt " + attempt);
    }
  }

  /** The exception an injected fault throws. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InjectedFault(String message) {
      super(message);
    }
  }
}
