package io.fedspark.federated.unlearning;

/**
 * The outcome of one membership-inference attack ({@link MembershipInferenceAttack}).
 *
 * @param attacker the attacker's classifier (the reference's is {@link MiaAttacker#SVC})
 * @param feature the per-example feature it saw
 * @param efficacy fraction of the target examples (the forget set) predicted non-member, in [0, 1]
 * @param shadowAccuracy the attacker's accuracy on its own training data (members vs non-members);
 *     near 0.5 means the model leaks little through this feature
 * @param members member examples the attacker trained on (a retain sample)
 * @param nonMembers non-member examples it trained on (the test set)
 * @param targets examples attacked
 */
public record MiaResult(MiaAttacker attacker, MiaFeature feature, double efficacy, double shadowAccuracy, int members,
    int nonMembers, int targets) {
}
