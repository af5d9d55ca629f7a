package dev.loupe.eval;

import java.nio.file.Path;

/**
 * A gallery image of an evaluation.
 *
 * @param id stable id (path relative to the dataset root, or the catalogue id)
 * @param file the image
 * @param label its class ("" when relevance comes from pairs)
 */
public record EvalImage(String id, Path file, String label) {}
