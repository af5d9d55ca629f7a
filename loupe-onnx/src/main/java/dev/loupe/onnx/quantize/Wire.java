package dev.loupe.onnx.quantize;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes single fields of a protobuf message held as an {@link UnknownFieldSet}: the ONNX records of
 * this package decode the few fields they rewrite and keep every other field in such a set, untouched, so a
 * model read and written again loses nothing this code does not understand.
 */
final class Wire {
  private Wire() {}

  static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxFormatException("not an ONNX protobuf message: " + e.getMessage(), e);
    }
  }

  /** The set without the given fields (they are the ones a record decodes itself). */
  static UnknownFieldSet without(UnknownFieldSet set, int... numbers) {
    UnknownFieldSet.Builder b = UnknownFieldSet.newBuilder(set);
    for (int n : numbers) b.clearField(n);
    return b.build();
  }

  /**
   * A string field, or null when the message does not have it: files write empty names and domains explicitly
   * or leave them out, and writing back what was read needs to know which.
   */
  static String string(UnknownFieldSet set, int number) {
    List<ByteString> all = set.getField(number).getLengthDelimitedList();
    return all.isEmpty() ? null : all.getLast().toStringUtf8();
  }

  static List<String> strings(UnknownFieldSet set, int number) {
    return set.getField(number).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
  }

  static List<ByteString> messages(UnknownFieldSet set, int number) {
    return set.getField(number).getLengthDelimitedList();
  }

  static long varint(UnknownFieldSet set, int number, long absent) {
    List<Long> all = set.getField(number).getVarintList();
    return all.isEmpty() ? absent : all.getLast();
  }

  /** A repeated int64 field, packed or not (proto2 ONNX files write {@code dims} unpacked). */
  static List<Long> int64s(UnknownFieldSet set, int number) {
    UnknownFieldSet.Field f = set.getField(number);
    List<Long> out = new ArrayList<>(f.getVarintList());
    for (ByteString packed : f.getLengthDelimitedList()) {
      try {
        CodedInputStream in = packed.newCodedInput();
        while (!in.isAtEnd()) out.add(in.readInt64());
      } catch (IOException e) {
        throw new OnnxFormatException("bad packed int64 field " + number + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  static UnknownFieldSet.Field stringField(String value) {
    return UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFromUtf8(value)).build();
  }

  static UnknownFieldSet.Field stringsField(List<String> values) {
    UnknownFieldSet.Field.Builder b = UnknownFieldSet.Field.newBuilder();
    for (String v : values) b.addLengthDelimited(ByteString.copyFromUtf8(v));
    return b.build();
  }

  static UnknownFieldSet.Field messagesField(List<ByteString> values) {
    UnknownFieldSet.Field.Builder b = UnknownFieldSet.Field.newBuilder();
    for (ByteString v : values) b.addLengthDelimited(v);
    return b.build();
  }

  static UnknownFieldSet.Field varintField(long value) {
    return UnknownFieldSet.Field.newBuilder().addVarint(value).build();
  }

  /** Unpacked, as ONNX's proto2 schema writes repeated int64 fields without {@code packed = true}. */
  static UnknownFieldSet.Field int64sField(List<Long> values) {
    UnknownFieldSet.Field.Builder b = UnknownFieldSet.Field.newBuilder();
    for (long v : values) b.addVarint(v);
    return b.build();
  }
}
