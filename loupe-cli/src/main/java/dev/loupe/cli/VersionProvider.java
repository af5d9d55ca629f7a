package dev.loupe.cli;

import picocli.CommandLine;

/** Reads the version from the jar manifest (set by the build). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = LoupeCommand.class.getPackage().getImplementationVersion();
    return new String[] {"loupe " + (v == null ? "(development build)" : v),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        "decoder " + DecoderOption.describeActive()};
  }
}
