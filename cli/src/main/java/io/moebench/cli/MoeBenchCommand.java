package io.moebench.cli;

import io.moebench.cli.commands.BackendsCommand;
import io.moebench.cli.commands.BenchCommand;
import io.moebench.cli.commands.CalibrateCommand;
import io.moebench.cli.commands.ReportCommand;
import io.moebench.cli.commands.TuneCommand;
import io.moebench.cli.commands.ExportCommand;
import io.moebench.cli.commands.RunCommand;
import io.moebench.cli.commands.SpacemapCommand;
import io.moebench.cli.commands.SweepCommand;
import io.moebench.cli.commands.ValidateCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level command: only subcommands do work. */
@Command(name = "moe-bench", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
    description = "Where a W4A16 MoE prefill GEMM kernel wins or loses, as a function of the routing distribution.",
    subcommands = {SweepCommand.class, SpacemapCommand.class, BackendsCommand.class, BenchCommand.class, ValidateCommand.class,
        CalibrateCommand.class, TuneCommand.class, ReportCommand.class,
        RunCommand.class, ExportCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 verification failed or a backend failed, 2 bad input, 3 backend unavailable,",
        "4 kernel build failed, 5 other backend failure, 70 internal error."})
public final class MoeBenchCommand implements Runnable {
  @Mixin GlobalOptions global;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required: " + String.join(", ", spec.subcommands().keySet()));
  }
}
