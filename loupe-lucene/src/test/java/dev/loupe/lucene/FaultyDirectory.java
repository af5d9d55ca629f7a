package dev.loupe.lucene;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FilterDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexOutput;

/**
 * A real directory with two faults that tests switch on, the way Lucene's own tests inject them
 * (MockDirectoryWrapper): a disk that is full (every write fails like ENOSPC does, with the JDK's message), and a
 * sync that blocks until released (a slow fsync, to see what else can run meanwhile).
 */
public final class FaultyDirectory extends FilterDirectory {
  /** The message the JDK gives for ENOSPC, without a path, as the issue saw it. */
  public static final String ENOSPC = "No space left on device";

  private volatile boolean full;
  private volatile CountDownLatch syncGate;
  final CountDownLatch syncEntered = new CountDownLatch(1);

  public FaultyDirectory(Directory in) {
    super(in);
  }

  /** From now on every byte written fails. */
  public void fillDisk() {
    full = true;
  }

  /** Writes succeed again (space was freed). */
  public void freeDisk() {
    full = false;
  }

  /** From now on sync waits until {@code gate} is released (and counts down {@link #syncEntered} first). */
  void blockSyncUntil(CountDownLatch gate) {
    syncGate = gate;
  }

  @Override
  public IndexOutput createOutput(String name, IOContext context) throws IOException {
    if (full) throw new IOException(ENOSPC);
    return new Output(in.createOutput(name, context));
  }

  @Override
  public IndexOutput createTempOutput(String prefix, String suffix, IOContext context) throws IOException {
    if (full) throw new IOException(ENOSPC);
    return new Output(in.createTempOutput(prefix, suffix, context));
  }

  @Override
  public void sync(Collection<String> names) throws IOException {
    CountDownLatch gate = syncGate;
    if (gate != null) {
      syncEntered.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted in sync", e);
      }
    }
    if (full) throw new IOException(ENOSPC);
    super.sync(names);
  }

  private final class Output extends IndexOutput {
    private final IndexOutput out;

    Output(IndexOutput out) {
      super("faulty(" + out + ")", out.getName());
      this.out = out;
    }

    @Override
    public void writeByte(byte b) throws IOException {
      if (full) throw new IOException(ENOSPC);
      out.writeByte(b);
    }

    @Override
    public void writeBytes(byte[] b, int offset, int length) throws IOException {
      if (full) throw new IOException(ENOSPC);
      out.writeBytes(b, offset, length);
    }

    @Override
    public long getFilePointer() {
      return out.getFilePointer();
    }

    @Override
    public long getChecksum() throws IOException {
      return out.getChecksum();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
