/**
 * The Loupe item store on Apache Lucene 10: {@link dev.loupe.index.lucene.LuceneItemStore}.
 *
 * <p>Layout of an index directory: a plain Lucene index whose commits carry {@code loupe.format} and
 * {@code loupe.spec} (the {@link dev.loupe.index.IndexSpec} as JSON) in their user data. One document per item:
 * {@code id} (unique key), {@code path}, {@code contentHash}, {@code size}, {@code modified}, {@code width},
 * {@code height}, one {@code meta.<name>} string field per metadata column, and the vector in
 * {@code vec.<embedder name>}, with DOT_PRODUCT similarity for normalized embedders and EUCLIDEAN otherwise.
 *
 * <p>Vectors may have up to 8192 dimensions. Indexes are written with {@code LoupeCodec} (the default codec with
 * an HNSW format whose dimension limit is raised) but read by plain Lucene: nothing Loupe-specific is needed to
 * open one. Lucene 10.6 builds no HNSW graph for a segment under about 650 vectors; such segments are scanned.
 */
package dev.loupe.index.lucene;
