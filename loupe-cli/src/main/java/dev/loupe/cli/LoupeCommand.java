package dev.loupe.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code loupe}: the root command; every job is a subcommand. */
@Command(
    name = "loupe",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Image retrieval: index folders or catalogues of images with a pretrained model, then find "
        + "the images that look like a query image.",
    subcommands = {IndexCommand.class, CheckCommand.class, SearchCommand.class, ClassifyCommand.class, TrainTextCommand.class, TrainProjectionCommand.class, LearnRankingCommand.class, EvalCommand.class, ShowCommand.class, InfoCommand.class, DedupCommand.class, ServeCommand.class, ModelsCommand.class,
        SparkEmbedPointer.class, CommandLine.HelpCommand.class},
    footer = {"", "Exit codes: 0 success (also when nothing matched), 1 failure, 2 usage error.",
        "Environment: LOUPE_MODELS (model directories), LOUPE_INDEX (default --index), LOUPE_DECODER (default"
            + " --decoder)."})
public final class LoupeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin DecoderOption decoder;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LoupeCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
