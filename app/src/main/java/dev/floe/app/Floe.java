package dev.floe.app;

import java.io.PrintStream;
import java.io.UncheckedIOException;

import dev.floe.store.StoreException;
import dev.floe.triplify.TriplifyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code floe} command line: one sub-command per task, wired to the modules' entry classes.
 * Bad input ends with one line {@code floe: <file/record>: <what is wrong>} on stderr and exit code 1;
 * a command line that cannot work ends with exit code 2.
 */
@Command(name = "floe", mixinStandardHelpOptions = true, version = "floe 0.1.0",
        description = "Linked Earth-observation geodata: triplify, interlink, load, serve and query GeoSPARQL.",
        subcommands = {DemoCommand.class, TriplifyCommand.class, InterlinkCommand.class, LoadCommand.class,
                       ServeCommand.class, QueryCommand.class,
                       TrainingSetCommand.class, TrainCommand.class, ModelsCommand.class, FeaturesCommand.class,
                       S2PatchesCommand.class})
public final class Floe implements Runnable {

    /**
     * Where Apache Derby (the EPSG database of Apache SIS runs on it) writes its log: nowhere, instead of a derby.log
     * in the user's working directory. The launcher and {@link #main} name it in {@code derby.stream.error.field},
     * Derby's only hook.
     */
    public static final java.io.OutputStream DERBY_LOG = java.io.OutputStream.nullOutputStream();

    private static final String DERBY_LOG_PROPERTY = "derby.stream.error.field";

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
        CommandLine cli = commandLine(System.out, System.err);
        // this process runs one command: start only the parts of Jena it needs (see GeoSparqlStartup)
        cli.setExecutionStrategy(parsed -> {
            GeoSparqlStartup.beforeJena(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        System.exit(cli.execute(args));
    }

    /** Runs the command line with the given streams and returns the exit code (used by the tests too). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return commandLine(out, err).execute(args);
    }

    private static CommandLine commandLine(PrintStream out, PrintStream err) {
        Floe floe = new Floe(out, err);
        CommandLine cli = new CommandLine(floe);
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException) {
                err.println("floe: " + e.getMessage());
                return 2;
            }
            if (e instanceof TriplifyException || e instanceof StoreException || e instanceof QueryFailedException
                    || e instanceof dev.floe.interlink.InterlinkException || e instanceof dev.floe.ml.MlDataException
                    || e instanceof UncheckedIOException || e instanceof IllegalArgumentException) {
                err.println("floe: " + e.getMessage());
                return 1;
            }
            err.println("floe: internal error, please report it with this trace:");
            e.printStackTrace(err);
            return 1;
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
