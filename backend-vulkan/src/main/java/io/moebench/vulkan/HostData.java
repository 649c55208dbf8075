package io.moebench.vulkan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Host arrays as little-endian bytes, copied out piecewise into staging memory. */
interface HostData {
  long bytes();

  /** Writes bytes [offset, offset + target.remaining()) into target; offset and length are whole elements. */
  void write(long offset, ByteBuffer target);

  /** The element size: pieces are cut at multiples of it. */
  int elementBytes();

  static HostData of(byte[] data) {
    return new HostData() {
      @Override
      public long bytes() {
        return data.length;
      }

      @Override
      public void write(long offset, ByteBuffer target) {
        target.put(data, (int) offset, target.remaining());
      }

      @Override
      public int elementBytes() {
        return 1;
      }
    };
  }

  static HostData of(short[] data) {
    return new HostData() {
      @Override
      public long bytes() {
        return 2L * data.length;
      }

      @Override
      public void write(long offset, ByteBuffer target) {
        target.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(data, (int) (offset / 2), target.remaining() / 2);
      }

      @Override
      public int elementBytes() {
        return 2;
      }
    };
  }

  static HostData of(int[] data) {
    return new HostData() {
      @Override
      public long bytes() {
        return 4L * data.length;
      }

      @Override
      public void write(long offset, ByteBuffer target) {
        target.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(data, (int) (offset / 4), target.remaining() / 4);
      }

      @Override
      public int elementBytes() {
        return 4;
      }
    };
  }

  static HostData of(long[] data) {
    return new HostData() {
      @Override
      public long bytes() {
        return 8L * data.length;
      }

      @Override
      public void write(long offset, ByteBuffer target) {
        target.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(data, (int) (offset / 8), target.remaining() / 8);
      }

      @Override
      public int elementBytes() {
        return 8;
      }
    };
  }
}
