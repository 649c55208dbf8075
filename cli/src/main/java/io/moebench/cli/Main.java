package io.moebench.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import io.moebench.core.bench.Failures;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: Guice builds the commands, picocli parses, errors become one line and an exit code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Console.system(), args));
  }

  public static int run(Console console, String... args) {
    Injector injector = Guice.createInjector(new CliModule(console));
    GlobalOptions global = injector.getInstance(GlobalOptions.class);
    CommandLine cl = new CommandLine(MoeBenchCommand.class, new GuiceFactory(injector));
    cl.setOut(new PrintWriter(console.out(), true));
    cl.setErr(new PrintWriter(console.err(), true));
    cl.setParameterExceptionHandler((ex, a) -> {
      String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
      console.err().println(cmd + ": " + Failures.firstLine(ex.getMessage()) + " (see '" + cmd + " --help')");
      return ExitCodes.BAD_INPUT;
    });
    cl.setExecutionExceptionHandler((ex, line, parsed) -> report(console, global, ex));
    return cl.execute(args);
  }

  static int report(Console console, GlobalOptions global, Exception ex) {
    Throwable e = ex instanceof ProvisionException && ex.getCause() != null ? ex.getCause() : ex;
    int code = ExitCodes.of(e);
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : Failures.firstLine(e.getMessage());
    console.err().println("moe-bench: " + (code == ExitCodes.INTERNAL_ERROR ? "internal error: " + e.getClass().getSimpleName()
        + ": " : "") + msg);
    if (global.verbose()) {
      e.printStackTrace(console.err());
      if (e instanceof io.moebench.core.spi.KernelBuildException k && !k.buildLog().isBlank()) {
        console.err().println("build log:\n" + k.buildLog());
      }
    } else if (code == ExitCodes.INTERNAL_ERROR || code == ExitCodes.KERNEL_BUILD_FAILED) {
      console.err().println("moe-bench: run again with --verbose for details");
    }
    return code;
  }


  /** Commands and mixins come from Guice; picocli's own helper types from its default factory. */
  private record GuiceFactory(Injector injector) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls.getName().startsWith("io.moebench.")) {
        return injector.getInstance(cls);
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
