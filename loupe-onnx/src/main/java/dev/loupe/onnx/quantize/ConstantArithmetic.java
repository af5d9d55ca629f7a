package dev.loupe.onnx.quantize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Element-wise arithmetic on constant tensors with ONNX (numpy) multidirectional broadcasting: what folding a
 * weight-dequantisation chain needs, e.g. a [M, C, kh, kw] weight times a [M, 1, 1, 1] scale.
 */
final class ConstantArithmetic {
  private ConstantArithmetic() {}

  record Values(List<Long> dims, double[] data) {}

  static Values apply(Values a, Values b, DoubleBinaryOperator op) {
    List<Long> shape = broadcastShape(a.dims(), b.dims());
    int rank = shape.size();
    int n = 1;
    for (long d : shape) n = Math.multiplyExact(n, Math.toIntExact(d));
    long[] sa = strides(a.dims(), rank);
    long[] sb = strides(b.dims(), rank);
    double[] out = new double[n];
    int[] index = new int[rank];
    for (int i = 0; i < n; i++) {
      long ia = 0;
      long ib = 0;
      for (int k = 0; k < rank; k++) {
        ia += index[k] * sa[k];
        ib += index[k] * sb[k];
      }
      out[i] = op.applyAsDouble(a.data()[(int) ia], b.data()[(int) ib]);
      for (int k = rank - 1; k >= 0; k--) { // next index, last axis fastest (row-major)
        if (++index[k] < shape.get(k)) break;
        index[k] = 0;
      }
    }
    return new Values(shape, out);
  }

  private static List<Long> broadcastShape(List<Long> a, List<Long> b) {
    int rank = Math.max(a.size(), b.size());
    List<Long> out = new ArrayList<>();
    for (int k = 0; k < rank; k++) {
      long da = dim(a, k, rank);
      long db = dim(b, k, rank);
      if (da != db && da != 1 && db != 1) {
        throw new OnnxFormatException("shapes " + a + " and " + b + " do not broadcast");
      }
      out.add(Math.max(da, db));
    }
    return out;
  }

  private static long dim(List<Long> dims, int k, int rank) {
    int at = k - (rank - dims.size());
    return at < 0 ? 1 : dims.get(at);
  }

  /** Row-major strides aligned to {@code rank} axes; 0 along an axis of size 1, so it repeats. */
  private static long[] strides(List<Long> dims, int rank) {
    long[] s = new long[rank];
    long step = 1;
    for (int k = rank - 1; k >= 0; k--) {
      long d = dim(dims, k, rank);
      s[k] = d == 1 ? 0 : step;
      step *= d;
    }
    return s;
  }
}
