package dev.loupe.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The module structure, kept by tests: every module has its own package root (an import tells which module a
 * class lives in), and the dependencies between modules go one way, light to heavy. This module is built last
 * and sees every other module's classes.
 */
@AnalyzeClasses(packages = "dev.loupe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  /** A module's versioned jar ({@code loupe-core-0.1.0.jar!}, wherever it was copied), else its build folder. */
  private static final Pattern MODULE_JAR = Pattern.compile("/(loupe-[a-z-]+?)-\\d[^/]*\\.jar!");
  private static final Pattern MODULE_DIR = Pattern.compile("/(loupe-[a-z-]+)/target/");

  /** Package roots, one per module. */
  private static final Map<String, String> ROOTS = Map.ofEntries(
      Map.entry("loupe-core", "dev.loupe.core"), Map.entry("loupe-image", "dev.loupe.image"),
      Map.entry("loupe-onnx", "dev.loupe.onnx"), Map.entry("loupe-lucene", "dev.loupe.lucene"),
      Map.entry("loupe-report", "dev.loupe.report"), Map.entry("loupe-engine", "dev.loupe.engine"),
      Map.entry("loupe-eval", "dev.loupe.eval"), Map.entry("loupe-server", "dev.loupe.server"),
      Map.entry("loupe-cli", "dev.loupe.cli"), Map.entry("loupe-solr", "dev.loupe.solr"),
      Map.entry("loupe-solr-test-server", "dev.loupe.solrserver"), Map.entry("loupe-parquet", "dev.loupe.parquet"),
      Map.entry("loupe-spark", "dev.loupe.spark"),
      Map.entry("loupe-bench", "dev.loupe.bench"), Map.entry("loupe-test-framework", "dev.loupe.testing"));

  static String moduleOf(JavaClass c) {
    String uri = c.getSource().map(s -> s.getUri().toString()).orElse("");
    Matcher jar = MODULE_JAR.matcher(uri);
    if (jar.find()) return jar.group(1);
    Matcher dir = MODULE_DIR.matcher(uri);
    return dir.find() ? dir.group(1) : "unknown (" + uri + ")";
  }

  @ArchTest
  static void noPackageSpansTwoModules(JavaClasses classes) {
    Map<String, Set<String>> modulesOfPackage = new TreeMap<>();
    for (JavaClass c : classes) {
      modulesOfPackage.computeIfAbsent(c.getPackageName(), p -> new TreeSet<>()).add(moduleOf(c));
    }
    StringBuilder problems = new StringBuilder();
    modulesOfPackage.forEach((pkg, modules) -> {
      if (modules.size() > 1) problems.append("\n  package ").append(pkg).append(" is in ").append(modules);
    });
    if (!problems.isEmpty()) throw new AssertionError("a package must live in one module:" + problems);
  }

  @ArchTest
  static void everyModuleKeepsToItsPackageRoot(JavaClasses classes) {
    StringBuilder problems = new StringBuilder();
    for (JavaClass c : classes) {
      String root = ROOTS.get(moduleOf(c));
      String pkg = c.getPackageName();
      if (root == null || !(pkg.equals(root) || pkg.startsWith(root + "."))) {
        problems.append("\n  ").append(c.getName()).append(" in ").append(moduleOf(c)).append(" (root ").append(root).append(')');
      }
    }
    if (!problems.isEmpty()) throw new AssertionError("classes outside their module's package root:" + problems);
  }

  @ArchTest
  static final ArchRule coreDependsOnNoOtherModule = noClasses().that().resideInAPackage("dev.loupe.core..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.image..", "dev.loupe.onnx..",
          "dev.loupe.lucene..", "dev.loupe.solr..", "dev.loupe.report..", "dev.loupe.engine..", "dev.loupe.eval..",
          "dev.loupe.cli..", "dev.loupe.server..", "dev.loupe.bench..", "dev.loupe.testing..", "dev.loupe.parquet..",
          "dev.loupe.spark..");

  @ArchTest
  static final ArchRule testFrameworkNeedsOnlyCore = noClasses().that().resideInAPackage("dev.loupe.testing..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.image..", "dev.loupe.onnx..",
          "dev.loupe.lucene..", "dev.loupe.solr..", "dev.loupe.solrserver..", "dev.loupe.report..", "dev.loupe.engine..", "dev.loupe.eval..", "dev.loupe.cli..",
          "dev.loupe.server..");

  @ArchTest
  static final ArchRule storesAndEmbeddersDoNotKnowEachOther = noClasses()
      .that().resideInAnyPackage("dev.loupe.lucene..", "dev.loupe.solr..", "dev.loupe.image..", "dev.loupe.onnx..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.engine..", "dev.loupe.eval..",
          "dev.loupe.cli..", "dev.loupe.server..", "dev.loupe.report..");

  @ArchTest
  static final ArchRule luceneKnowsNoEmbedder = noClasses().that().resideInAPackage("dev.loupe.lucene..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.image..", "dev.loupe.onnx..");

  @ArchTest
  static final ArchRule engineFindsTheStoreByName = noClasses().that().resideInAnyPackage("dev.loupe.engine..",
          "dev.loupe.eval..", "dev.loupe.server..", "dev.loupe.cli..", "dev.loupe.spark..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.lucene..", "dev.loupe.solr..")
      .because("stores are found through ItemStoreProvider by name (loupe-lucene and loupe-solr are runtime"
          + " dependencies)");

  /** The Solr store depends on loupe-core and SolrJ only: no other Loupe module, and no Lucene (Solr has its own). */
  @ArchTest
  static final ArchRule solrStoreNeedsOnlyCoreAndSolrJ = noClasses().that().resideInAPackage("dev.loupe.solr..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.image..", "dev.loupe.onnx..", "dev.loupe.lucene..",
          "dev.loupe.report..", "dev.loupe.engine..", "dev.loupe.eval..", "dev.loupe.cli..", "dev.loupe.server..",
          "dev.loupe.testing..", "dev.loupe.parquet..", "dev.loupe.spark..", "org.apache.lucene..");

  @ArchTest
  static final ArchRule nothingDependsOnTheCommandLine = noClasses().that().resideOutsideOfPackages("dev.loupe.cli..",
          "dev.loupe.bench..")
      .should().dependOnClassesThat().resideInAPackage("dev.loupe.cli..");

  /** The Spark job is a front end of its own, with its own classpath (Spark's): nothing may need it. */
  @ArchTest
  static final ArchRule nothingDependsOnTheSparkJob = noClasses().that().resideOutsideOfPackage("dev.loupe.spark..")
      .should().dependOnClassesThat().resideInAPackage("dev.loupe.spark..");

  /** Spark stays in loupe-spark: the CLI, server and engine never load it (its libraries clash with theirs). */
  @ArchTest
  static final ArchRule onlyTheSparkJobUsesSpark = noClasses().that().resideOutsideOfPackage("dev.loupe.spark..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..");

  /** The Parquet rows are read by the CLI without the engine's weight: loupe-parquet needs loupe-core only. */
  @ArchTest
  static final ArchRule parquetRowsNeedOnlyCore = noClasses().that().resideInAPackage("dev.loupe.parquet..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.image..", "dev.loupe.onnx..",
          "dev.loupe.lucene..", "dev.loupe.report..", "dev.loupe.engine..", "dev.loupe.eval..", "dev.loupe.cli..",
          "dev.loupe.server..", "dev.loupe.spark..");

  /** The server is a front end like the CLI: only the CLI (loupe serve) and the benchmarks may use it. */
  @ArchTest
  static final ArchRule onlyTheCommandLineStartsTheServer = noClasses().that().resideOutsideOfPackages("dev.loupe.server..",
          "dev.loupe.cli..", "dev.loupe.bench..")
      .should().dependOnClassesThat().resideInAPackage("dev.loupe.server..");

  /** One search implementation: the server reaches the index only through the engine's facade and query path. */
  @ArchTest
  static final ArchRule theServerSearchesThroughTheEngine = noClasses().that().resideInAPackage("dev.loupe.server..")
      .should().dependOnClassesThat().resideInAnyPackage("dev.loupe.lucene..", "dev.loupe.solr..", "dev.loupe.onnx..",
          "dev.loupe.eval..", "dev.loupe.report..", "dev.loupe.cli..");
}
