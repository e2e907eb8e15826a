package dev.floe.ml.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.zip.Deflater;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

import dev.floe.geo.AtomicFiles;

/**
 * The files of an inference log folder, their names and how they are read and salvaged. A finished file is {@code
 * inference-<UTC time it was opened>-<sequence number>.avro}; the file being written is the same name with a leading
 * dot and {@code .open} after it, so Spark and Hadoop, which skip names starting with a dot, and a {@code *.avro}
 * glob read only finished files. The sequence number orders the files (the clock may step back between runs).
 *
 * <p>Stateless: every method looks at the folder as it is.
 */
final class InferenceLogFiles {

    /**
     * Deflate: one of the two codecs (with null) the Avro specification requires every reader to know, pure Java
     * (snappy needs a native library that is not everywhere), and it shrinks the records' repeated IRIs, model names
     * and protocols well. The fastest level: the writer shares the CPUs with serving, and sampled raw floats hardly
     * compress at any level.
     */
    static final CodecFactory CODEC = CodecFactory.deflateCodec(Deflater.BEST_SPEED);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("(\\.?)inference-(\\d{8}T\\d{6}Z)-(\\d+)\\.avro(\\.open)?");
    /** What {@link AtomicFiles} leaves when a salvage is killed before its rename. */
    private static final Pattern PARTIAL = Pattern.compile("\\.inference-\\d{8}T\\d{6}Z-\\d+\\.avro\\.partial-.*");

    private InferenceLogFiles() {
    }

    /** A log file found in the folder. */
    record LogFile(Path path, long seq, boolean open) {

        /** The name this file has once finished. */
        Path finished() {
            return open ? path.resolveSibling(path.getFileName().toString().substring(1).replaceFirst("\\.open$", "")) : path;
        }
    }

    /** The path of a new open file. */
    static Path openFile(Path dir, Instant opened, long seq) {
        return dir.resolve(String.format(java.util.Locale.ROOT, ".inference-%s-%06d.avro.open", TIME.format(opened), seq));
    }

    /** The log files of {@code dir} (none when it does not exist), oldest first. */
    static List<LogFile> list(Path dir) {
        List<LogFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> {
                Matcher m = NAME.matcher(p.getFileName().toString());
                boolean open = m.matches() && !m.group(1).isEmpty();
                if (m.matches() && open == (m.group(4) != null)) {
                    files.add(new LogFile(p, Long.parseLong(m.group(3)), open));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the inference log folder " + dir, e);
        }
        files.sort(Comparator.comparingLong(LogFile::seq).thenComparing(LogFile::open));
        return files;
    }

    /** The sequence number after every file's in {@code dir}. */
    static long nextSeq(Path dir) {
        return list(dir).stream().mapToLong(LogFile::seq).max().orElse(0) + 1;
    }

    /**
     * Turns every open file that an earlier process left behind into a finished one holding its readable records (up
     * to the last complete block), written beside it all or nothing, and removes it; returns how many records were
     * salvaged. An open file whose finished file already exists was salvaged or renamed before a crash: it is only
     * removed, as are the temporary files of a salvage that was killed. Finished files are never touched.
     */
    static long salvage(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.filter(p -> PARTIAL.matcher(p.getFileName().toString()).matches()).toList()) {
                Files.delete(p);
            }
        }
        long salvaged = 0;
        for (LogFile f : list(dir)) {
            if (!f.open()) {
                continue;
            }
            Path finished = f.finished();
            if (!Files.exists(finished)) {
                salvaged += copyReadable(f.path(), finished);
            }
            Files.delete(f.path());
        }
        return salvaged;
    }

    /** Copies the readable records of a torn file, as they are, into {@code target}; none: no file. */
    private static long copyReadable(Path torn, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(torn)) {
            DataFileStream<GenericRecord> records = header(in);
            Iterator<GenericRecord> readable = records == null ? null : tolerant(records);
            if (readable == null || !readable.hasNext()) {
                return 0;
            }
            return AtomicFiles.write(target, out -> {
                long n = 0;
                try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(records.getSchema()))) {
                    writer.setCodec(CODEC).create(records.getSchema(), out);
                    while (readable.hasNext()) {
                        writer.append(readable.next());
                        n++;
                    }
                }
                return n;
            });
        }
    }

    /** The records of a file as written (its own schema); null when the process was killed before its header. */
    private static DataFileStream<GenericRecord> header(InputStream in) {
        try {
            return new DataFileStream<>(in, new GenericDatumReader<>());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The records of every finished file, then of the open file up to its last flushed block, oldest first; read
     * lazily, a block at a time. A finished file that cannot be read is an error; an open file ends at its first
     * incomplete block. An open file finished while this reads is read under its finished name.
     */
    static Stream<InferenceRecord> read(Path dir) {
        List<LogFile> files = list(dir);
        return files.stream()
                .filter(f -> !(f.open() && files.contains(new LogFile(f.finished(), f.seq(), false))))
                .flatMap(f -> records(f))
                .map(InferenceRecordAvro::fromAvro);
    }

    private static Stream<GenericRecord> records(LogFile f) {
        InputStream in;
        boolean open = f.open();
        try {
            try {
                in = Files.newInputStream(f.path());
            } catch (NoSuchFileException renamed) {
                if (!open) {
                    throw renamed;
                }
                in = Files.newInputStream(f.finished());
                open = false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the inference log file " + f.path(), e);
        }
        DataFileStream<GenericRecord> stream;
        try {
            stream = new DataFileStream<>(in, new GenericDatumReader<>(InferenceRecordAvro.SCHEMA));
        } catch (IOException | AvroRuntimeException e) {
            close(in);
            if (open) {
                return Stream.empty(); // opened, header not yet flushed
            }
            throw new UncheckedIOException("the inference log file " + f.path() + " is not an Avro file",
                    e instanceof IOException io ? io : new IOException(e));
        }
        Iterator<GenericRecord> it = open ? tolerant(stream) : strict(stream, f.path());
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> close(stream));
    }

    /** The records of a file that may end in a torn block: they end where the file stops being readable. */
    private static Iterator<GenericRecord> tolerant(DataFileStream<GenericRecord> records) {
        return new Iterator<>() {
            private GenericRecord next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    try {
                        if (records.hasNext()) {
                            next = records.next();
                        } else {
                            ended = true;
                        }
                    } catch (RuntimeException e) {
                        ended = true; // a block cut short or overwritten by the crash (Avro's or a decoder's error)
                    }
                }
                return next != null;
            }

            @Override
            public GenericRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                GenericRecord r = next;
                next = null;
                return r;
            }
        };
    }

    private static Iterator<GenericRecord> strict(DataFileStream<GenericRecord> records, Path file) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (AvroRuntimeException e) {
                    throw new UncheckedIOException("the inference log file " + file + " is damaged: " + e.getMessage(),
                            new IOException(e));
                }
            }

            @Override
            public GenericRecord next() {
                try {
                    return records.next();
                } catch (AvroRuntimeException e) {
                    throw new UncheckedIOException("the inference log file " + file + " is damaged: " + e.getMessage(),
                            new IOException(e));
                }
            }
        };
    }

    private static void close(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // a reader: nothing was written, nothing to lose
        }
    }
}
