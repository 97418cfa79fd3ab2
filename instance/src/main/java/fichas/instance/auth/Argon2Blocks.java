package fichas.instance.auth;

import java.util.ArrayDeque;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Argon2's 1 KiB blocks kept between hashes, up to {@code maxBlocks} (BouncyCastle clears each block before it gives
 * it back). Unlike BouncyCastle's {@code FixedBlockPool} it can let go of what it keeps ({@link #release}): an idle
 * instance gives the ~20 MB back to the collector, and the next login allocates them again. Thread-safe.
 */
final class Argon2Blocks implements Argon2BytesGenerator.BlockPool {
    private final int maxBlocks;
    private final ArrayDeque<Argon2BytesGenerator.Block> free = new ArrayDeque<>();

    Argon2Blocks(int maxBlocks) {
        this.maxBlocks = maxBlocks;
    }

    @Override
    public synchronized Argon2BytesGenerator.Block allocate() {
        Argon2BytesGenerator.Block block = free.pollLast();
        return block != null ? block : new Argon2BytesGenerator.Block();
    }

    @Override
    public synchronized void deallocate(Argon2BytesGenerator.Block block) {
        if (free.size() < maxBlocks) {
            free.addLast(block);
        }
    }

    /** Drops every kept block (a hash in progress keeps its own and gives them back when done). */
    synchronized void release() {
        free.clear();
    }

    /** Blocks kept now (for tests). */
    synchronized int kept() {
        return free.size();
    }
}
