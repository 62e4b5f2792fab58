package io.fedspark.jobs.config;

import io.fedspark.federated.client.LocalTrainingOptions;
import io.fedspark.federated.compress.CompressionOptions;
import io.fedspark.federated.config.Setting;
import io.fedspark.federated.config.SettingGroup;
import io.fedspark.federated.curriculum.CurriculumOptions;
import io.fedspark.federated.curriculum.ExpertOptions;
import io.fedspark.federated.engine.SimulationOptions;
import io.fedspark.federated.partition.PartitionOptions;
import io.fedspark.federated.strategy.StrategyKind;
import io.fedspark.federated.unlearning.ClientUnlearningOptions;
import io.fedspark.federated.unlearning.InfluenceOptions;
import io.fedspark.federated.unlearning.L1SparseOptions;
import io.fedspark.federated.unlearning.LastLayersOptions;
import io.fedspark.federated.unlearning.MiaOptions;
import io.fedspark.federated.unlearning.RandomLabelsOptions;
import io.fedspark.federated.unlearning.SalUnOptions;
import io.fedspark.federated.unlearning.ScrubOptions;
import io.fedspark.federated.unlearning.UnlearningMethodSettings;
import io.fedspark.federated.unlearning.WorstCaseSearchOptions;
import io.fedspark.jobs.distill.DistillOptions;
import io.fedspark.jobs.federate.FederateOptions;
import io.fedspark.federated.train.DataParallelOptions;
import io.fedspark.federated.train.OptimizerSpec;
import io.fedspark.jobs.train.TrainOptions;
import io.fedspark.jobs.unlearn.ClientAuditOptions;
import io.fedspark.jobs.unlearn.UnlearnOptions;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import io.fedspark.jobs.data.DataSourceOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every configuration key fedspark reads, gathered from the options records that declare them (their
 * public static {@link Setting} and {@link SettingGroup} fields). {@code conf/defaults.conf} must
 * hold exactly these keys with exactly these defaults (a test checks it), the Spark ML estimators
 * take their Params' defaults from here, and {@code fedspark config} lists them.
 */
public final class ConfigSchema {
  /** The records that own configuration keys; a new record with keys is added here. */
  static final List<Class<?>> OWNERS = List.of(RunOptions.class, DataOptions.class, MathOptions.class,
      SparkOptions.class, FederateOptions.class, SimulationOptions.class, PartitionOptions.class,
      LocalTrainingOptions.class, CurriculumOptions.class, ExpertOptions.class, StrategyKind.class,
      TrainOptions.class, DataParallelOptions.class, CompressionOptions.class, OptimizerSpec.class, UnlearnOptions.class, UnlearningMethodSettings.class,
      L1SparseOptions.class, InfluenceOptions.class, LastLayersOptions.class, ScrubOptions.class, SalUnOptions.class,
      WorstCaseSearchOptions.class, ClientUnlearningOptions.class, MiaOptions.class, RandomLabelsOptions.class,
      ClientAuditOptions.class, DistillOptions.class, DataSourceOptions.class);

  private static final Map<String, Setting<?>> ALL = collect();

  private ConfigSchema() {}

  /** Every setting by key, sorted. */
  public static Map<String, Setting<?>> settings() {
    return ALL;
  }

  private static Map<String, Setting<?>> collect() {
    List<Class<?>> owners = new ArrayList<>(OWNERS);
    for (StrategyKind k : StrategyKind.values()) {
      owners.add(k.type());
    }
    Map<String, Setting<?>> out = new TreeMap<>();
    for (Class<?> owner : owners) {
      for (Setting<?> s : declared(owner)) {
        Setting<?> previous = out.put(s.key(), s);
        if (previous != null && previous != s) {
          throw new IllegalStateException("configuration key " + s.key() + " is declared twice (" + owner.getName() + ")");
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The settings a class declares in its public static fields. */
  static List<Setting<?>> declared(Class<?> owner) {
    List<Setting<?>> out = new ArrayList<>();
    for (Field f : owner.getDeclaredFields()) {
      int m = f.getModifiers();
      if (!Modifier.isStatic(m) || !Modifier.isPublic(m)) {
        continue;
      }
      Object v;
      try {
        v = f.get(null);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      if (v instanceof Setting<?> s) {
        out.add(s);
      } else if (v instanceof SettingGroup g) {
        out.addAll(g.settings());
      }
    }
    return out;
  }
}
