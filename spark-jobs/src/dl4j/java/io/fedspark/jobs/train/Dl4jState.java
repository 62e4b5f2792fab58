package io.fedspark.jobs.train;

import io.fedspark.federated.train.TrainCheckpoint;
import io.fedspark.federated.train.TrainState;
import io.fedspark.jobs.cli.UserInputException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The resumable state of a DL4J network as a {@link TrainCheckpoint}: the parameters in the core
 * layout (as the native engine stores them), the updater's state view (e.g. Nesterov velocity,
 * Adam's moments; DL4J keeps all of it in one flat array, {@code Updater.getStateViewArray()}),
 * the iteration counter in the state's step and the epoch counter, which
 * Adam's bias correction and DL4J's schedules read.
 */
final class Dl4jState {
  /** The name of the updater state array in the checkpoint. */
  static final String UPDATER_STATE = "dl4j-updater-state";

  private Dl4jState() {}

  /** The state of {@code net}: {@code params} (core layout), its updater state view, its iteration count. */
  static TrainState state(MultiLayerNetwork net, float[] params) {
    INDArray state = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
    boolean stateless = state == null || state.length() == 0;
    String[] names = stateless ? new String[0] : new String[] {UPDATER_STATE};
    float[][] arrays = stateless ? new float[0][] : new float[][] {state.castTo(DataType.FLOAT).dup('c').toFloatVector()};
    return new TrainState(params.clone(), names, arrays, net.getIterationCount());
  }

  /**
   * Puts the updater state and counters of {@code cp} into {@code net}, whose parameters were
   * already initialised from {@code cp.params()}.
   *
   * @throws UserInputException if the checkpoint's updater state does not fit this network's
   *     updater (a checkpoint of the native engine, or of another optimizer)
   */
  static void restore(MultiLayerNetwork net, TrainCheckpoint cp) {
    INDArray state = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
    long expected = state == null ? 0 : state.length();
    float[] saved = cp.state().stateNames().length == 1 && cp.state().stateNames()[0].equals(UPDATER_STATE) ? cp.state().stateArrays()[0] : null;
    long found = saved == null ? (cp.state().stateNames().length == 0 ? 0 : -1) : saved.length;
    if (found != expected) {
      throw new UserInputException("--resume: the checkpoint's optimizer state (" + String.join(", ", cp.state().stateNames())
          + (found >= 0 ? ", " + found + " values" : "") + ") is not the DL4J updater state this run needs (" + expected
          + " values); was it written by train.engine = native?");
    }
    if (expected > 0) {
      state.assign(Nd4j.create(saved, state.shape(), 'c').castTo(state.dataType()));
    }
    net.setIterationCount(Math.toIntExact(cp.state().step()));
    net.setEpochCount(cp.epoch());
  }
}
