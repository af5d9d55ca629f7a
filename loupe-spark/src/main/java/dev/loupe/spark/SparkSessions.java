package dev.loupe.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The job's Spark session: the cluster spark-submit named, or a local one on loopback. */
final class SparkSessions {
  private SparkSessions() {}

  /**
   * @param master {@code --master}, or null: spark-submit's master when it set one, else {@code local[cores]}
   */
  static SparkSession start(String master) {
    SparkConf conf = new SparkConf().setAppName("loupe spark-embed"); // reads spark-submit's spark.* properties
    if (master != null) conf.setMaster(master);
    if (!conf.contains("spark.master")) conf.setMaster("local[" + Runtime.getRuntime().availableProcessors() + "]");
    if (conf.get("spark.master").startsWith("local")) {
      // A local run serves nobody else: the driver listens on loopback only and has no web UI.
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.log.level", "WARN"); // stderr carries Loupe's summary, not Spark's start-up log
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** ONNX Runtime threads per model call: the cores Spark gives each task ({@code spark.task.cpus}). */
  static int taskCpus(SparkSession spark) {
    return Integer.parseInt(spark.conf().get("spark.task.cpus", "1"));
  }
}
