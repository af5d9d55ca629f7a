/**
 * The Loupe item store on Apache Lucene 10: {@link dev.loupe.lucene.LuceneItemStore}.
 *
 * <p>Layout of an index directory: a plain Lucene index whose commits carry {@code loupe.format} and
 * {@code loupe.spec} (the {@link dev.loupe.core.index.IndexSpec} as JSON, levers included; a spec without levers
 * reads as {@code Levers.NONE}) in their user data. One block of documents per item, one document per view
 * (view 0 is the item's own vector, then at most {@code levers.augmentViews} extra views), written, replaced and
 * deleted together. View 0 holds {@code id} (unique key), {@code path}, {@code contentHash}, {@code size},
 * {@code modified}, {@code width}, {@code height} and one {@code meta.<name>} string field per metadata column,
 * all stored; every view carries the view number in {@code view} (documents written before views existed have
 * none and are view 0), the id, path and metadata as indexed terms (so filters match every view), and its
 * vector in {@code vec.<embedder name>}, with DOT_PRODUCT similarity for normalized embedders and EUCLIDEAN
 * otherwise. Searches return each item once, scored by its closest view.
 *
 * <p>Vectors may have up to 8192 dimensions. Indexes are written with {@code LoupeCodec} (the default codec with
 * an HNSW format whose dimension limit is raised) but read by plain Lucene: nothing Loupe-specific is needed to
 * open one. Lucene 10.6 builds no HNSW graph for a segment under about 650 vectors; such segments are scanned.
 */
package dev.loupe.lucene;
