package io.fedspark.federated.unlearning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SVC attacker against scikit-learn: {@code mia-svc/make_golden.py} (next to the CSVs in the
 * test resources; scikit-learn 1.2.1 from Debian's python3-sklearn) fitted the reference's
 * {@code SVC(C=3, gamma='auto', kernel='rbf')} on 600 member and 600 non-member rows per feature
 * (200 and 200 for the 10-number probability vectors) and recorded its prediction for every
 * shadow and target row. Our attacker, fitted on the same rows, must agree on at least 99.9% of
 * them (LIBSVM's Java port computes in double like scikit-learn's bundled C++ LIBSVM, but exp and
 * summation may differ in the last bits, which can flip a row whose decision value is ~0), and its
 * MIA-efficacy on the targets must be scikit-learn's within the disagreements.
 */
@Tag("line-independent")
class MiaSvcGoldenTest {

  /** One golden file: rows by role, sklearn's predictions (1 = member) and decision values. */
  private record Golden(List<double[]> members, List<double[]> nonMembers, List<double[]> targets, List<double[]> rows,
      List<Boolean> predictedMember, List<Double> decision) {}

  private static Golden read(MiaFeature feature) throws IOException {
    String name = "mia-svc/svc-golden-" + feature.configName() + ".csv";
    Golden g = new Golden(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
        new ArrayList<>());
    try (InputStream in = Objects.requireNonNull(MiaSvcGoldenTest.class.getResourceAsStream(name), name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("role,")) {
          continue;
        }
        String[] f = line.split(",");
        double[] row = new double[f.length - 3];
        for (int j = 0; j < row.length; j++) {
          row[j] = Float.parseFloat(f[3 + j]); // the reference's features are float32
        }
        switch (f[0]) {
          case "member" -> g.members().add(row);
          case "non-member" -> g.nonMembers().add(row);
          case "target" -> g.targets().add(row);
          default -> throw new IllegalStateException(name + ": role " + f[0]);
        }
        g.rows().add(row);
        g.predictedMember().add(f[1].equals("1"));
        g.decision().add(Double.parseDouble(f[2]));
      }
    }
    return g;
  }

  @ParameterizedTest
  @EnumSource(MiaFeature.class)
  void svcAttackerAgreesWithScikitLearn(MiaFeature feature) throws IOException {
    Golden g = read(feature);
    double[][] members = g.members().toArray(double[][]::new);
    double[][] nonMembers = g.nonMembers().toArray(double[][]::new);
    double[][] targets = g.targets().toArray(double[][]::new);
    int n = members.length + nonMembers.length;
    double[][] x = new double[n][];
    boolean[] member = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = i < members.length ? members[i] : nonMembers[i - members.length];
      member[i] = i < members.length;
    }
    RbfSvc svc = (RbfSvc) MiaAttacker.SVC.fit(x, member);
    int agree = 0;
    double worstDisagreement = 0;
    double worstDecision = 0;
    for (int i = 0; i < g.rows().size(); i++) {
      // scikit-learn's decision value is positive for members (classes_[1]); LIBSVM's for the class it saw first
      double ours = -svc.decisionValue(g.rows().get(i));
      double theirs = g.decision().get(i);
      worstDecision = Math.max(worstDecision, Math.abs(ours - theirs) / Math.max(Math.abs(theirs), 1e-3));
      if (svc.predictsPositive(g.rows().get(i)) == g.predictedMember().get(i)) {
        agree++;
      } else {
        worstDisagreement = Math.max(worstDisagreement, Math.abs(g.decision().get(i)));
      }
    }
    double agreement = (double) agree / g.rows().size();
    int sklearnNonMembers = 0;
    for (int i = g.rows().size() - targets.length; i < g.rows().size(); i++) {
      sklearnNonMembers += g.predictedMember().get(i) ? 0 : 1;
    }
    double sklearnEfficacy = (double) sklearnNonMembers / targets.length;
    MiaResult r = MembershipInferenceAttack.attack(members, nonMembers, targets, new MiaOptions(feature, MiaAttacker.SVC));
    System.out.printf(Locale.ROOT, "%s: %d of %d predictions agree with scikit-learn (%.4f%%), largest |decision| "
        + "of a disagreement %.3g; decision values within %.2g (relative); %d support vectors; efficacy %.6f vs "
        + "scikit-learn %.6f%n", feature, agree, g.rows().size(), 100 * agreement, worstDisagreement, worstDecision,
        svc.supportVectors(), r.efficacy(), sklearnEfficacy);
    assertTrue(agreement >= 0.999, feature + ": agreement " + agreement);
    // the CSV keeps 5 significant digits: a relative rounding error up to 5e-5 (1e-3 absolute near 0)
    assertTrue(worstDecision <= 1e-4, feature + ": decision values differ by " + worstDecision);
    int targetDisagreements = g.rows().size() - agree;
    assertEquals(sklearnEfficacy, r.efficacy(), (double) targetDisagreements / targets.length + 1e-12);
    assertEquals(MiaAttacker.SVC, r.attacker());
    assertEquals(feature.dimension(10), members[0].length);
  }
}
