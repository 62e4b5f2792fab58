package io.fedspark.federated.unlearning;

/**
 * What {@link WorstCaseForgetSetSearch} found.
 *
 * @param mode worst or easiest
 * @param indices the selected forget set: m distinct training-set indices, ascending
 * @param objective per selection epoch e, the upper-level objective at the weights w_e that
 *     defined that epoch's lower level: {@code sum_i w_i l_i(theta_u(w_e)) + gamma ||w_e||^2}
 * @param relaxedWeights the weights after the last projection, before the final binarisation
 */
public record ForgetSetSearchResult(SearchMode mode, int[] indices, double[] objective, double[] relaxedWeights) {
}
