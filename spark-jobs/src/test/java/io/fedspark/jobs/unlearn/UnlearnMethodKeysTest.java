package io.fedspark.jobs.unlearn;

import io.fedspark.jobs.kryo.JavaBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fedspark.federated.unlearning.FineTune;
import io.fedspark.federated.unlearning.LastLayersUnlearning;
import io.fedspark.federated.unlearning.MiaAttacker;
import io.fedspark.federated.unlearning.MiaFeature;
import io.fedspark.federated.unlearning.MiaOptions;
import io.fedspark.federated.unlearning.RandomLabelDraw;
import io.fedspark.federated.unlearning.RandomLabels;
import io.fedspark.federated.unlearning.SalUn;
import io.fedspark.federated.unlearning.SalUnOptions;
import io.fedspark.federated.unlearning.Scrub;
import io.fedspark.federated.unlearning.ScrubOptions;
import io.fedspark.federated.unlearning.TrainingOptions;
import io.fedspark.federated.unlearning.UnlearningMethodKind;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The methods' hyperparameter keys {@code unlearn.<method>.*}: the shipped defaults are the
 * methods' own defaults, overrides reach the method that runs, bad values are rejected naming key,
 * value and expectation, and the settings survive the broadcast's byte form.
 */
class UnlearnMethodKeysTest {

  private static UnlearnOptions load(String... sets) {
    return UnlearnOptions.from(ConfigLoader.withShippedDefaults().load(null, List.of(sets)));
  }

  @Test
  void shippedDefaultsAreTheMethodsOwnDefaults() {
    UnlearnOptions o = load();
    UnlearningMethodSettings d = UnlearningMethodSettings.defaults();
    UnlearningMethodSettings s = o.methodSettings();
    assertEquals(TrainingOptions.original(), o.original());
    assertEquals(TrainingOptions.original(), s.retrain());
    assertEquals(d.fineTune(), s.fineTune());
    assertEquals(d.gradientAscent(), s.gradientAscent());
    assertEquals(d.randomLabels(), s.randomLabels());
    assertEquals(d.l1Sparse(), s.l1Sparse());
    assertEquals(d.influence(), s.influence());
    assertEquals(d.exactLastLayers(), s.exactLastLayers());
    assertEquals(d.fineTuneLastLayers(), s.fineTuneLastLayers());
    assertEquals(d.scrub(), s.scrub());
    assertEquals(d.salun(), s.salun());
    assertEquals("", o.forgetSet());
    assertEquals(new MiaOptions(), o.mia());
    assertEquals(RandomLabelDraw.PER_EPOCH, s.randomLabels().labels());
    assertEquals(RandomLabelDraw.PER_EPOCH, s.salun().labels());
  }

  @Test
  void overridesReachTheMethodsAndSurviveTheBroadcastBytes() {
    UnlearnOptions o = load("unlearn.ft.epochs=3", "unlearn.ft.learning-rate=0.05", "unlearn.ga.learning-rate=1e-4",
        "unlearn.l1-sparse.alpha=5e-4", "unlearn.l1-sparse.no-l1-epochs=2", "unlearn.iu.damping=0.1",
        "unlearn.cf-k.layers=2", "unlearn.original.milestones=[]", "unlearn.original.epochs=4",
        "unlearn.scrub.max-epochs=1", "unlearn.scrub.temperature=2", "unlearn.scrub.kl-weight=0.5",
        "unlearn.scrub.ce-weight=1", "unlearn.scrub.forget-batch-size=8", "unlearn.scrub.epochs=3",
        "unlearn.salun.salient-fraction=0.25", "unlearn.salun.mask-batch-size=32", "unlearn.salun.epochs=4",
        "unlearn.salun.labels=once", "unlearn.rl.labels=Once", "unlearn.mia-attacker=logistic-regression",
        "unlearn.mia-feature=correctness");
    UnlearningMethodSettings s = o.methodSettings();
    TrainingOptions ft = ((FineTune) s.method(UnlearningMethodKind.FT)).options();
    assertEquals(3, ft.epochs());
    assertEquals(0.05f, ft.learningRate());
    assertEquals("unlearn.ft", ft.keyPrefix());
    assertEquals(1e-4f, s.gradientAscent().learningRate());
    assertEquals(5e-4f, s.l1Sparse().alpha());
    assertEquals(2, s.l1Sparse().noL1Epochs());
    assertEquals(0.1f, s.influence().damping());
    assertEquals(2, ((LastLayersUnlearning) s.method(UnlearningMethodKind.CF_K)).options().layers());
    assertEquals(List.of(), s.retrain().milestones());
    assertEquals(4, s.retrain().epochs());
    assertEquals(new ScrubOptions(TrainingOptions.constant("unlearn.scrub", 3, 0.01f), 1, 8, 2f, 0.5f, 1f),
        ((Scrub) s.method(UnlearningMethodKind.SCRUB)).options());
    assertEquals(new SalUnOptions(TrainingOptions.constant("unlearn.salun", 4, 0.01f), 0.25, 32, RandomLabelDraw.ONCE),
        ((SalUn) s.method(UnlearningMethodKind.SALUN)).options());
    assertEquals(RandomLabelDraw.ONCE, ((RandomLabels) s.method(UnlearningMethodKind.RL)).options().labels());
    assertEquals(new MiaOptions(MiaFeature.CORRECTNESS, MiaAttacker.LOGISTIC_REGRESSION), o.mia());
    assertEquals(s, JavaBytes.read(JavaBytes.of(s), UnlearningMethodSettings.class));
    assertTrue(s.toString().contains("learningRate=0.05"), s.toString());
  }

  @Test
  void badValuesNameKeyValueAndExpectation() {
    assertMessage("unlearn.ft.epochs", "0", "unlearn.ft.epochs=0");
    assertMessage("unlearn.rl.momentum", "1", "unlearn.rl.momentum=1");
    assertMessage("unlearn.ga.learning-rate", "-0.1", "unlearn.ga.learning-rate=-0.1");
    assertMessage("unlearn.l1-sparse.no-l1-epochs", "[0, 10)", "unlearn.l1-sparse.no-l1-epochs=10");
    assertMessage("unlearn.iu.damping", "0", "unlearn.iu.damping=0");
    assertMessage("unlearn.eu-k.layers", "0", "unlearn.eu-k.layers=0");
    assertMessage("unlearn.original.milestones", "strictly increasing", "unlearn.original.milestones=[5, 3]");
    assertMessage("unlearn.original.lr-decay", "2", "unlearn.original.lr-decay=2");
    assertMessage("unlearn.cf-k.weight-decay", "abc", "unlearn.cf-k.weight-decay=abc");
    assertMessage("unlearn.scrub.max-epochs", "[0, 5]", "unlearn.scrub.max-epochs=6");
    assertMessage("unlearn.scrub.temperature", "0", "unlearn.scrub.temperature=0");
    assertMessage("unlearn.scrub.kl-weight", "-1", "unlearn.scrub.kl-weight=-1");
    assertMessage("unlearn.salun.salient-fraction", "1.5", "unlearn.salun.salient-fraction=1.5");
    assertMessage("unlearn.salun.mask-batch-size", "0", "unlearn.salun.mask-batch-size=0");
    assertMessage("unlearn.rl.labels", "per-epoch | once", "unlearn.rl.labels=twice");
    assertMessage("unlearn.salun.labels", "per-epoch | once", "unlearn.salun.labels=never");
    assertMessage("unlearn.mia-attacker", "svc | logistic-regression", "unlearn.mia-attacker=knn");
    assertMessage("unlearn.mia-feature", "correctness", "unlearn.mia-feature=loss");
  }

  private static void assertMessage(String key, String fragment, String set) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(set), set);
    assertTrue(e.getMessage().contains(key) && e.getMessage().contains(fragment), e.getMessage());
  }
}
