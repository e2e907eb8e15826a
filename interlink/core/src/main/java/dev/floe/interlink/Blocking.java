package dev.floe.interlink;

/**
 * How candidate pairs are found; both give exactly the pairs whose envelopes intersect, so the links are
 * the same, only the cost differs with the data.
 */
public enum Blocking {
    /** A packed R-tree (JTS's Hilbert R-tree) over the target envelopes, queried with each source envelope. */
    R_TREE,
    /**
     * GIA.nt-style: an equigrid over the source envelopes (cells sized by the average source envelope),
     * streaming the targets through it; each pair is verified once, in the cell of its envelopes'
     * intersection's lower-left corner.
     */
    GRID
}
