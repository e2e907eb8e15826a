package dev.floe.ml.monitoring;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.file.Syncable;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/**
 * The file an {@link InferenceLog} is writing: created with its header flushed (so a reader finds a valid, empty
 * file), appended to, flushed a block at a time, and finished by forcing it to disk and renaming it to its finished
 * name. Used by the log's writer thread only.
 */
final class InferenceLogSegment {

    private final Path path;
    private final Instant opened;
    private final FileOutput out;
    private final DataFileWriter<GenericRecord> writer;
    private long records;
    private boolean dirty;

    /** Creates the open file {@code path} (which must not exist), opened at {@code opened}. */
    InferenceLogSegment(Path path, Instant opened) throws IOException {
        this.path = path;
        this.opened = opened;
        this.out = new FileOutput(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(InferenceRecordAvro.SCHEMA));
        try {
            w.setCodec(InferenceLogFiles.CODEC).create(InferenceRecordAvro.SCHEMA, out);
            w.flush();
        } catch (IOException | RuntimeException e) {
            out.close();
            Files.deleteIfExists(path);
            throw e;
        }
        this.writer = w;
    }

    Path path() {
        return path;
    }

    Instant opened() {
        return opened;
    }

    /** The bytes written to the file so far (what was appended since the last flush is not counted yet). */
    long size() {
        return out.size;
    }

    /** True when records were appended since the last flush. */
    boolean dirty() {
        return dirty;
    }

    /**
     * Appends a record to the current block; a record that cannot be encoded throws {@link
     * DataFileWriter.AppendWriteException} and leaves the block as it was.
     */
    void append(GenericRecord r) throws IOException {
        writer.append(r);
        records++;
        dirty = true;
    }

    /** Writes the current block and its sync marker to the file (a process crash no longer loses it). */
    void flush() throws IOException {
        writer.flush();
        dirty = false;
    }

    /**
     * Forces the file to disk, closes it and renames it to its finished name (removes it when it holds no record);
     * returns the finished file, or null.
     */
    Path finish() throws IOException {
        writer.fSync();
        writer.close();
        if (records == 0) {
            Files.delete(path);
            return null;
        }
        Path finished = new InferenceLogFiles.LogFile(path, 0, true).finished();
        Files.move(path, finished, StandardCopyOption.ATOMIC_MOVE);
        return finished;
    }

    /** After a failure: closes the file as it is, for the next start to salvage. */
    void abandon() {
        try {
            out.close();
        } catch (IOException e) {
            // already failed and counted
        }
    }

    /** A file's channel as a stream that counts what it wrote and can be forced to disk ({@link DataFileWriter#fSync}). */
    private static final class FileOutput extends OutputStream implements Syncable {
        private final FileChannel channel;
        private long size;

        FileOutput(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += len;
        }

        @Override
        public void sync() throws IOException {
            channel.force(false);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
