package io.fedspark.federated.config;

import java.util.List;

/**
 * A block of settings declared together because it is reused under several prefixes with its own
 * defaults at each (e.g. the SGD recipe of every unlearning method). The configuration schema
 * finds an options record's keys in its static {@link Setting} and {@code SettingGroup} fields.
 */
public interface SettingGroup {
  /** Every setting of the block. */
  List<Setting<?>> settings();
}
