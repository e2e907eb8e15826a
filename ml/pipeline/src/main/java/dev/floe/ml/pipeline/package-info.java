/**
 * Pipelines: one YAML file of steps from EO products to served predictions, run as a DAG and exported as CWL.
 *
 * <p>Entry points: {@link dev.floe.ml.pipeline.PipelineParser} reads and checks a file into a
 * {@link dev.floe.ml.pipeline.PipelineSpec} (every error names the file, line and step, before anything runs);
 * {@link dev.floe.ml.pipeline.PipelineRunner} runs it (Airflow's retries, trigger rules and sensors, a cache keyed by
 * kind, parameters and input contents, an atomically replaced {@link dev.floe.ml.pipeline.RunJournal});
 * {@link dev.floe.ml.pipeline.RunProvenance} records a run as PROV-O in the store and
 * {@link dev.floe.ml.pipeline.PipelineRuns} reads the last runs back; {@link dev.floe.ml.pipeline.CwlExport} writes
 * the CWL v1.2 application package. Step kinds are pluggable ({@link dev.floe.ml.pipeline.StepKinds}): the module
 * knows the shell step and the sensors, the app adds the floe commands from its picocli model, so this module never
 * depends on the app, Jersey, Spark or DL4J.
 */
package dev.floe.ml.pipeline;
