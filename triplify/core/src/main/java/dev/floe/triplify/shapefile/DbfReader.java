package dev.floe.triplify.shapefile;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.floe.triplify.TriplifyException;

/**
 * Reads a dBASE (.dbf) attribute table record by record: character fields as trimmed strings (in the charset of
 * the .cpg file, else ISO-8859-1), numeric fields as integers (no decimals) or doubles, logical fields as
 * booleans, dates as {@code YYYY-MM-DD} strings, binary integers and doubles; blank or unreadable cells ("****")
 * as absent. Not thread-safe; close it after use.
 */
final class DbfReader implements AutoCloseable {

    /** A field of the table: its name, dBASE type letter, width and decimal count. */
    record Field(String name, char type, int length, int decimals) {
    }

    private final Path file;
    private final InputStream in;
    private final List<Field> fields;
    private final int records;
    private final int recordLength;
    private final Charset charset;
    private final byte[] record;
    private int read;

    DbfReader(Path file, Charset charset) {
        this.file = file;
        this.charset = charset;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            byte[] head = readFully(32, "header");
            ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            records = h.getInt(4);
            int headerLength = Short.toUnsignedInt(h.getShort(8));
            recordLength = Short.toUnsignedInt(h.getShort(10));
            if (records < 0 || headerLength < 33 || recordLength < 1) {
                throw new TriplifyException(file, null, "not a dBASE file (header: " + records + " records, header length "
                        + headerLength + ", record length " + recordLength + ")");
            }
            byte[] descriptors = readFully(headerLength - 32, "field descriptors");
            fields = new ArrayList<>();
            int width = 1;
            for (int i = 0; i + 32 <= descriptors.length && descriptors[i] != 0x0D; i += 32) {
                int end = 0;
                while (end < 11 && descriptors[i + end] != 0) {
                    end++;
                }
                String name = new String(descriptors, i, end, StandardCharsets.ISO_8859_1).strip();
                Field f = new Field(name, (char) descriptors[i + 11], Byte.toUnsignedInt(descriptors[i + 16]),
                        Byte.toUnsignedInt(descriptors[i + 17]));
                fields.add(f);
                width += f.length();
            }
            if (width != recordLength) {
                throw new TriplifyException(file, null, "corrupt dBASE header: fields are " + width + " bytes wide, records "
                        + recordLength);
            }
            record = new byte[recordLength];
        } catch (IOException e) {
            throw new TriplifyException(file, null, "cannot read: " + e.getMessage(), e);
        }
    }

    List<Field> fields() {
        return fields;
    }

    int records() {
        return records;
    }

    /**
     * The next record's attributes, or null when it is marked deleted. Fails naming the record when the file ends
     * early.
     */
    ObjectNode next() throws IOException {
        int n = in.readNBytes(record, 0, recordLength);
        read++;
        if (n < recordLength) {
            throw new TriplifyException(file, "record " + read, "truncated: the file ends inside this record");
        }
        if (record[0] == '*') {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        int offset = 1;
        for (Field f : fields) {
            put(out, f, offset);
            offset += f.length();
        }
        return out;
    }

    private void put(ObjectNode out, Field f, int offset) {
        switch (f.type()) {
            case 'I' -> out.put(f.name(), (long) ByteBuffer.wrap(record, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            case 'O' -> out.put(f.name(), ByteBuffer.wrap(record, offset, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
            case 'N', 'F' -> {
                String text = new String(record, offset, f.length(), StandardCharsets.ISO_8859_1).strip();
                if (text.isEmpty() || text.startsWith("*")) {
                    return;
                }
                try {
                    if (f.decimals() == 0 && text.matches("[-+]?\\d{1,18}")) {
                        out.put(f.name(), Long.parseLong(text));
                    } else {
                        out.put(f.name(), Double.parseDouble(text));
                    }
                } catch (NumberFormatException e) {
                    throw new TriplifyException(file, "record " + read, "field " + f.name() + ": not a number: '" + text + "'");
                }
            }
            case 'L' -> {
                char c = (char) record[offset];
                if ("TtYy".indexOf(c) >= 0) {
                    out.put(f.name(), true);
                } else if ("FfNn".indexOf(c) >= 0) {
                    out.put(f.name(), false);
                }
            }
            case 'D' -> {
                String text = new String(record, offset, f.length(), StandardCharsets.ISO_8859_1).strip();
                if (text.matches("\\d{8}")) {
                    out.put(f.name(), text.substring(0, 4) + "-" + text.substring(4, 6) + "-" + text.substring(6, 8));
                }
            }
            default -> { // C (character) and anything else: text
                String text = new String(record, offset, f.length(), charset).strip();
                if (!text.isEmpty()) {
                    out.put(f.name(), text);
                }
            }
        }
    }

    private byte[] readFully(int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new TriplifyException(file, null, "truncated dBASE file: the " + what + " end early");
        }
        return b;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
