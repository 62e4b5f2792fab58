package io.fedspark.federated.unlearning;

import io.fedspark.math.Choice;

/**
 * When RL ({@link RandomLabels}) and SalUn ({@link SalUn}) draw the random labels of the forget
 * set. The reference implementation ({@code RL.py} of Jia et al., NeurIPS 2023 and Fan et al.,
 * ECCV 2024; SalUn's, Fan et al., ICLR 2024) relabels a fresh copy of the forget set with
 * {@code np.random.randint} in every epoch.
 */
public enum RandomLabelDraw implements Choice {
  /** New labels at the start of every epoch e, from {@code seed.derive("random-labels", e)}: the reference's. */
  PER_EPOCH,
  /** One draw before training, from {@code seed.derive("random-labels")}, kept for every epoch. */
  ONCE;
}
