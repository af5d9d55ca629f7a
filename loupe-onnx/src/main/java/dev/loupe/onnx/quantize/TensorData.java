package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An ONNX {@code TensorProto} (an initializer, or a Constant's value): name, element type and shape decoded; the
 * data fields and everything else kept as read in {@code rest}.
 *
 * @param name field 8
 * @param dataType field 2, an ONNX {@code TensorProto.DataType} ({@link #FLOAT}, {@link #INT8}, ...)
 * @param dims field 1
 * @param rest every other field, unchanged (raw_data 9, float_data 4, int32_data 5, int64_data 7, ...)
 */
public record TensorData(String name, int dataType, List<Long> dims, UnknownFieldSet rest) {
  public static final int FLOAT = 1;
  public static final int UINT8 = 2;
  public static final int INT8 = 3;
  public static final int UINT16 = 4;
  public static final int INT16 = 5;
  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int FLOAT16 = 10;
  public static final int DOUBLE = 11;

  private static final int DIMS = 1;
  private static final int DATA_TYPE = 2;
  private static final int FLOAT_DATA = 4;
  private static final int INT32_DATA = 5;
  private static final int INT64_DATA = 7;
  private static final int NAME = 8;
  private static final int RAW_DATA = 9;
  private static final int DOUBLE_DATA = 10;
  private static final int DATA_LOCATION = 14;

  public TensorData {
    dims = List.copyOf(dims);
  }

  static TensorData parse(ByteString bytes) {
    UnknownFieldSet f = Wire.parse(bytes);
    return new TensorData(Wire.string(f, NAME), (int) Wire.varint(f, DATA_TYPE, 0), Wire.int64s(f, DIMS),
        Wire.without(f, NAME, DATA_TYPE, DIMS));
  }

  ByteString toByteString() {
    UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder(rest);
    if (!dims.isEmpty()) b.addField(DIMS, Wire.int64sField(dims));
    if (dataType != 0) b.addField(DATA_TYPE, Wire.varintField(dataType));
    if (name != null) b.addField(NAME, Wire.stringField(name));
    return b.build().toByteString();
  }

  public TensorData withName(String newName) {
    return new TensorData(newName, dataType, dims, rest);
  }

  /** Number of elements (1 for a scalar). */
  public long size() {
    long n = 1;
    for (long d : dims) n *= d;
    return n;
  }

  /** True when the values live in a file beside the model, which this package does not read. */
  public boolean external() {
    return Wire.varint(rest, DATA_LOCATION, 0) == 1;
  }

  /** The values as doubles, for the numeric element types a weight chain uses. */
  public double[] values() {
    if (external()) throw new OnnxFormatException("tensor " + name + " keeps its data in an external file");
    int n = Math.toIntExact(size());
    double[] out = new double[n];
    List<ByteString> raw = rest.getField(RAW_DATA).getLengthDelimitedList();
    if (!raw.isEmpty()) {
      ByteBuffer buf = raw.getLast().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      try {
        readRaw(buf, out);
      } catch (java.nio.BufferUnderflowException e) {
        throw new OnnxFormatException("tensor " + name + " has " + raw.getLast().size() + " bytes of raw data, fewer than its "
            + n + " elements need");
      }
      return out;
    }
    switch (dataType) {
      case FLOAT -> copy(floats(rest.getField(FLOAT_DATA)), out);
      case DOUBLE -> copy(doubles(rest.getField(DOUBLE_DATA)), out);
      case INT64 -> copy(longs(rest.getField(INT64_DATA)), out);
      case UINT8, INT8, UINT16, INT16, INT32 -> copy(longs(rest.getField(INT32_DATA)), out);
      case FLOAT16 -> {
        double[] bits = longs(rest.getField(INT32_DATA));
        for (int i = 0; i < bits.length; i++) bits[i] = Float.float16ToFloat((short) bits[i]);
        copy(bits, out);
      }
      default -> throw unsupportedType();
    }
    return out;
  }

  private OnnxFormatException unsupportedType() {
    return new OnnxFormatException("tensor " + name + " has element type " + dataType + ", not a supported number type");
  }

  private void copy(double[] from, double[] to) {
    if (from.length != to.length) {
      throw new OnnxFormatException("tensor " + name + " holds " + from.length + " values for shape " + dims);
    }
    System.arraycopy(from, 0, to, 0, to.length);
  }

  private static double[] floats(UnknownFieldSet.Field f) {
    List<Double> values = new java.util.ArrayList<>();
    for (int bits : f.getFixed32List()) values.add((double) Float.intBitsToFloat(bits));
    for (ByteString packed : f.getLengthDelimitedList()) {
      ByteBuffer b = packed.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      while (b.remaining() >= 4) values.add((double) b.getFloat());
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] doubles(UnknownFieldSet.Field f) {
    List<Double> values = new java.util.ArrayList<>();
    for (long bits : f.getFixed64List()) values.add(Double.longBitsToDouble(bits));
    for (ByteString packed : f.getLengthDelimitedList()) {
      ByteBuffer b = packed.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      while (b.remaining() >= 8) values.add(b.getDouble());
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] longs(UnknownFieldSet.Field f) {
    List<Long> values = new java.util.ArrayList<>(f.getVarintList());
    for (ByteString packed : f.getLengthDelimitedList()) {
      try {
        CodedInputStream in = packed.newCodedInput();
        while (!in.isAtEnd()) values.add(in.readInt64());
      } catch (IOException e) {
        throw new OnnxFormatException("bad packed integer data: " + e.getMessage(), e);
      }
    }
    return values.stream().mapToDouble(Long::doubleValue).toArray();
  }

  /** A float32 tensor with its values in raw_data. */
  public static TensorData floats(String name, List<Long> dims, float[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    return raw(name, FLOAT, dims, b.array());
  }

  /** An int8 or uint8 tensor with its values in raw_data. */
  public static TensorData bytes(String name, int dataType, List<Long> dims, byte[] values) {
    if (dataType != INT8 && dataType != UINT8) throw new IllegalArgumentException("not a byte type: " + dataType);
    return raw(name, dataType, dims, values.clone());
  }

  /** An int32 tensor with its values in raw_data. */
  public static TensorData int32s(String name, List<Long> dims, int[] values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) b.putInt(v);
    return raw(name, INT32, dims, b.array());
  }

  private static TensorData raw(String name, int dataType, List<Long> dims, byte[] data) {
    UnknownFieldSet rest = UnknownFieldSet.newBuilder()
        .addField(RAW_DATA, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(data)).build())
        .build();
    return new TensorData(name, dataType, dims, rest);
  }

  /** Reads {@code out.length} little-endian values of this tensor's type; underflows when the data is short. */
  private void readRaw(ByteBuffer buf, double[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (dataType) {
        case FLOAT -> buf.getFloat();
        case DOUBLE -> buf.getDouble();
        case UINT8 -> buf.get() & 0xFF;
        case INT8 -> buf.get();
        case UINT16 -> buf.getShort() & 0xFFFF;
        case INT16 -> buf.getShort();
        case INT32 -> buf.getInt();
        case INT64 -> buf.getLong();
        case FLOAT16 -> Float.float16ToFloat(buf.getShort());
        default -> throw unsupportedType();
      };
    }
  }
}
