package io.moebench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The tool's version (from the build) for --version and result provenance. */
public final class VersionInfo implements CommandLine.IVersionProvider {

  public static String version() {
    return properties().getProperty("version", "unknown");
  }

  /** The git commit the CLI was built from ("unknown" outside a git checkout). */
  public static String commit() {
    String c = properties().getProperty("commit", "unknown");
    return c.startsWith("${") ? "unknown" : c;
  }

  private static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("/moe-bench-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"moe-bench " + version() + " (commit " + commit() + ")", "Java " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vm.name") + ")"};
  }
}
