package dev.floe.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.jena.atlas.lib.tuple.Tuple;
import org.apache.jena.query.Dataset;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.store.DatasetGraphTDB;
import org.apache.jena.tdb2.store.NodeId;
import org.apache.jena.tdb2.store.tupletable.TupleIndex;
import org.apache.jena.tdb2.store.tupletable.TupleTable;
import org.apache.jena.tdb2.sys.TDBInternal;

/**
 * Whether TDB2's indexes of a store hold the same triples and quads, and the repair when they do not. TDB2's bulk
 * loader commits each index file on its own: the node table and the primary index (SPO, GSPO) first, the others
 * (POS, OSP, ...) after they are built from it. A process killed between those commits leaves every triple found by
 * subject but not by predicate or object. The primary index then holds the whole load, so the repair rebuilds
 * every index that disagrees with it, from it, in one write transaction: the load is then complete, as if the kill
 * had come a moment later. Counting records reads every index once, so the store checks only after an
 * interrupted write (its STALE marker).
 */
final class IndexAgreement {

    private IndexAgreement() {
    }

    /**
     * Checks every index of the triple and quad tables against its table's primary index and rebuilds those that
     * disagree. Returns one line per rebuilt index ("POS held 12 records, SPO 300012: rebuilt from SPO"), empty when
     * all agreed.
     */
    static List<String> repair(Dataset base) {
        DatasetGraphTDB tdb = TDBInternal.getDatasetGraphTDB(base.asDatasetGraph());
        TupleTable triples = tdb.getTripleTable().getNodeTupleTable().getTupleTable();
        TupleTable quads = tdb.getQuadTable().getNodeTupleTable().getTupleTable();
        List<String> disagreeing = Txn.calculateRead(base, () -> {
            List<String> d = new ArrayList<>();
            d.addAll(disagreeing(triples));
            d.addAll(disagreeing(quads));
            return d;
        });
        if (disagreeing.isEmpty()) {
            return List.of();
        }
        return Txn.calculateWrite(base, () -> {
            List<String> done = new ArrayList<>();
            done.addAll(rebuild(triples));
            done.addAll(rebuild(quads));
            return done;
        });
    }

    private static List<String> disagreeing(TupleTable table) {
        List<String> names = new ArrayList<>();
        long primary = table.getIndex(0).size();
        for (int i = 1; i < table.numIndexes(); i++) {
            if (table.getIndex(i).size() != primary) {
                names.add(table.getIndex(i).getName());
            }
        }
        return names;
    }

    private static List<String> rebuild(TupleTable table) {
        TupleIndex primary = table.getIndex(0);
        long records = primary.size();
        List<String> done = new ArrayList<>();
        for (int i = 1; i < table.numIndexes(); i++) {
            TupleIndex index = table.getIndex(i);
            long had = index.size();
            if (had == records) {
                continue;
            }
            index.clear();
            // tuples come out of every index in the table's natural order (S P O, G S P O); each index maps them itself
            for (Iterator<Tuple<NodeId>> it = primary.all(); it.hasNext(); ) {
                index.add(it.next());
            }
            done.add(index.getName() + " held " + had + " records, " + primary.getName() + " " + records
                    + ": rebuilt from " + primary.getName());
        }
        return done;
    }
}
