package dev.floe.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.floe.ml.pipeline.CwlExport;
import dev.floe.ml.pipeline.PipelineParser;
import dev.floe.ml.pipeline.PipelineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code floe pipeline export-cwl FILE --out DIR}: the pipeline as a CWL v1.2 EO Application Package. */
@Command(name = "export-cwl", mixinStandardHelpOptions = true,
        description = "Write the pipeline as CWL v1.2 (OGC EO Application Package: a $graph with #main and one tool per step) and its job file.")
final class PipelineExportCwlCommand implements Callable<Integer> {

    @ParentCommand
    PipelineCommand parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "the pipeline file (YAML)")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for NAME.cwl and NAME.inputs.yml")
    Path out;

    @Override
    public Integer call() {
        PipelineSpec spec = new PipelineParser(PipelineSteps.kinds()).parse(file);
        Path cwl = CwlExport.write(spec, out);
        parent.floe.err().println("pipeline " + spec.name() + ": wrote " + cwl + " and " + cwl.resolveSibling(spec.name() + ".inputs.yml"));
        return 0;
    }
}
