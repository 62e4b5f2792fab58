package io.fedspark.jobs.train;

import io.fedspark.federated.train.GangExchange;
import java.util.Base64;
import org.apache.spark.BarrierTaskContext;

/**
 * A {@link GangExchange} over Spark's barrier all-gather ({@link BarrierTaskContext#allGather}):
 * every task's message goes to the driver's barrier coordinator, which answers each task with all
 * of them in partition order. The API carries strings, so the raw bytes travel as Base64 (4 chars
 * per 3 bytes).
 */
final class AllGatherExchange implements GangExchange {
  private final BarrierTaskContext context;

  AllGatherExchange(BarrierTaskContext context) {
    this.context = context;
  }

  @Override
  public byte[][] allGather(byte[] mine) {
    String[] all = context.allGather(Base64.getEncoder().encodeToString(mine));
    Base64.Decoder d = Base64.getDecoder();
    byte[][] out = new byte[all.length][];
    for (int i = 0; i < all.length; i++) {
      out[i] = d.decode(all[i]);
    }
    return out;
  }
}
