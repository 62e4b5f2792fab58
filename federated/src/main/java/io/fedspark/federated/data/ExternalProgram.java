package io.fedspark.federated.data;

/** The programs {@link DatasetFetcher} runs, each with what to install when it is missing. */
enum ExternalProgram {
  NPM("npm", "install Node.js with npm (Debian/Ubuntu: apt-get install npm)"),
  TAR("tar", "install GNU tar (Debian/Ubuntu: apt-get install tar)"),
  APT_GET("apt-get",
      "it comes with Debian/Ubuntu's apt; elsewhere fetch on a Debian machine and copy the "
          + "dataset directory into the data directory"),
  DPKG_DEB("dpkg-deb", "install dpkg (Debian/Ubuntu: apt-get install dpkg)");

  private final String command;
  private final String installHint;

  ExternalProgram(String command, String installHint) {
    this.command = command;
    this.installHint = installHint;
  }

  String command() {
    return command;
  }

  String installHint() {
    return installHint;
  }
}
