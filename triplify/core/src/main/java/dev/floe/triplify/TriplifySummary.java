package dev.floe.triplify;

import java.util.List;

/**
 * What a triplify run did: how many records it read and wrote, and every record it changed or left out.
 *
 * @param records            records read (features, STAC items, collections, catalogs)
 * @param triples            triples written
 * @param withoutGeometry    records written without a geometry because their geometry was null
 * @param repaired           records whose invalid geometry was repaired, with the reason
 * @param skipped            records left out, with the reason
 * @param linksNotFollowed   STAC links to items or children that were not read, each "file: href (why)": remote
 *                           ones, and local files outside the catalog's folder or missing
 * @param notes              other things the user should know (e.g. a check that stopped at its memory cap)
 */
public record TriplifySummary(long records, long triples, long withoutGeometry, List<RecordNote> repaired,
                              List<RecordNote> skipped, List<String> linksNotFollowed, List<String> notes) {

    public TriplifySummary {
        notes = List.copyOf(notes);
        repaired = List.copyOf(repaired);
        skipped = List.copyOf(skipped);
        linksNotFollowed = List.copyOf(linksNotFollowed);
    }

    /** A record that was repaired or skipped: where it is, its id if any, and why. */
    public record RecordNote(String file, String record, String id, String reason) {
        @Override
        public String toString() {
            return file + ": " + record + (id == null ? "" : " (id " + id + ")") + ": " + reason;
        }
    }

    /** One line for humans, e.g. for stderr. */
    public String describe() {
        return records + " records, " + triples + " triples, " + repaired.size() + " geometries repaired, "
                + skipped.size() + " records skipped, " + withoutGeometry + " without geometry"
                + (linksNotFollowed.isEmpty() ? "" : ", " + linksNotFollowed.size() + " STAC links not followed")
                + (notes.isEmpty() ? "" : "; " + String.join("; ", notes));
    }
}
