package dev.floe.app;

import java.io.PrintStream;
import java.util.List;

import dev.floe.geo.FloeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code floe} command line: one sub-command per task, wired to the modules' entry classes.
 * Exit codes: 0 done; {@value #EXIT_USER_ERROR} for bad input or a failing source (any {@link FloeException}: one
 * line {@code floe: <file/record>: <what is wrong>} on stderr, no stack trace); {@value #EXIT_USAGE} for a command
 * line that cannot work (picocli's own code for bad options, and {@link UsageException}); {@value #EXIT_INTERNAL_ERROR}
 * (EX_SOFTWARE of sysexits.h) for anything else, which is a bug in floe: its stack trace goes to stderr.
 */
@Command(name = "floe", mixinStandardHelpOptions = true, version = "floe 0.1.0",
        description = "Linked Earth-observation geodata: triplify, interlink, load, serve and query GeoSPARQL.")
public final class Floe implements Runnable {

    /** The sub-commands, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, TriplifyCommand.class, InterlinkCommand.class,
            LoadCommand.class, ServeCommand.class, QueryCommand.class, TrainingSetCommand.class, TrainCommand.class,
            ModelsCommand.class, PredictCommand.class, MonitorCommand.class, FeaturesCommand.class, S2PatchesCommand.class,
            PipelineCommand.class, TuneCommand.class, AblateCommand.class, SparkCommand.class);

    /**
     * Where Apache Derby (the EPSG database of Apache SIS runs on it) writes its log: nowhere, instead of a derby.log
     * in the user's working directory. The launcher and {@link #main} name it in {@code derby.stream.error.field},
     * Derby's only hook.
     */
    public static final java.io.OutputStream DERBY_LOG = java.io.OutputStream.nullOutputStream();

    private static final String DERBY_LOG_PROPERTY = "derby.stream.error.field";
    /** Bad input, a bad configuration or a failing source (a {@link FloeException}), or a failing read or write. */
    public static final int EXIT_USER_ERROR = 1;
    /** A command line that cannot work (picocli answers its own parse errors with the same code). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** A bug in floe: any exception that is not a {@link FloeException}; reported with its stack trace. */
    public static final int EXIT_INTERNAL_ERROR = 70;

    private final PrintStream out;
    private final PrintStream err;

    Floe(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // as the launcher does, for `java -jar floe.jar` too: read by Derby when it boots, never earlier
        if (System.getProperty(DERBY_LOG_PROPERTY) == null) {
            System.setProperty(DERBY_LOG_PROPERTY, Floe.class.getName() + ".DERBY_LOG");
        }
        CommandLine cli = commandLine(System.out, System.err, args);
        // this process runs one command: start only the parts of Jena it needs (see GeoSparqlStartup)
        cli.setExecutionStrategy(parsed -> {
            GeoSparqlStartup.beforeJena(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    /** Runs the command line with the given streams and returns the exit code (used by the tests too). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err, args).execute(args);
    }

    /** The command line with all its sub-commands, writing to the given streams and mapping failures to exit codes. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, new String[0]);
    }

    /**
     * The command line for {@code args}: when the first argument names a sub-command, with that one only, else with
     * all (for the usage, --help, --version and picocli's message for an unknown command). Why: picocli builds each
     * sub-command's model by reflection over its options and their types; building and parsing with all eleven took
     * 0.15-0.16 s (0.27 s of CPU), with the one run 0.09-0.12 s (0.17-0.25 s of CPU), measured on 2 cores: a tenth
     * of a second of every short command (docs/BENCHMARKS.md, "Start-up").
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, String[] args) {
        Floe floe = new Floe(out, err);
        CommandLine cli = new CommandLine(floe);
        String first = args.length > 0 ? args[0] : null;
        Class<?> named = COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(first))
                .findFirst().orElse(null);
        for (Class<?> command : COMMANDS) {
            if (named == null || command == named) {
                cli.addSubcommand(command);
            }
        }
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof FloeException) {
                err.println("floe: " + e.getMessage());
                return e instanceof UsageException ? EXIT_USAGE : EXIT_USER_ERROR;
            }
            if (e instanceof dev.floe.ml.api.ServingException) {
                // a model, version or alias that does not exist, or input a model cannot take: the user's, not floe's
                err.println("floe: " + e.getMessage());
                return EXIT_USER_ERROR;
            }
            if (e instanceof java.io.UncheckedIOException || e instanceof java.io.IOException) {
                // the machine, not floe: a full disk, a folder without write permission, a file gone meanwhile
                err.println("floe: " + e.getMessage());
                return EXIT_USER_ERROR;
            }
            err.println("floe: internal error, please report it with this trace:");
            e.printStackTrace(err);
            return EXIT_INTERNAL_ERROR;
        });
        return cli;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(err);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }
}
