package dev.registry.merge;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * One service's keys by instance id: open addressing with linear probing over two parallel arrays, the
 * ids' hashes and the entries. A lookup compares hashes in an {@code int[]} and touches an entry only
 * when a hash matches, and growing re-slots from the arrays alone. A {@code HashMap} chases a node per
 * probe and per entry moved on every resize: catching up 100,000 registrations spent ~40% of applying them
 * in its {@code getNode} and {@code resize}, mostly waiting on memory.
 *
 * <p>Removal shifts the entries after the hole back (no tombstone slots), so probe runs stay as short as
 * the load allows. Iteration order is the slot order: unspecified, like a hash map's. Not thread-safe.
 */
final class EntryTable implements Iterable<KeyEntry> {

    private static final int MIN_CAPACITY = 8;

    private int[] hashes = new int[MIN_CAPACITY];
    private KeyEntry[] entries = new KeyEntry[MIN_CAPACITY];
    private int size;
    /** Fibonacci hashing takes the slot from the top bits: 32 minus log2(capacity). */
    private int shift = Integer.numberOfLeadingZeros(MIN_CAPACITY) + 1;

    int size() {
        return size;
    }

    KeyEntry get(String id) {
        int hash = id.hashCode();
        int mask = entries.length - 1;
        for (int i = slot(hash); ; i = (i + 1) & mask) {
            KeyEntry entry = entries[i];
            if (entry == null) {
                return null;
            }
            if (hashes[i] == hash && entry.key.id().equals(id)) {
                return entry;
            }
        }
    }

    /** Adds an entry whose id is not in the table yet. */
    void add(KeyEntry entry) {
        if (2 * (size + 1) > entries.length) {
            resize(entries.length * 2);
        }
        insert(entry.key.id().hashCode(), entry);
        size++;
    }

    void remove(String id) {
        int hash = id.hashCode();
        int mask = entries.length - 1;
        int hole = slot(hash);
        while (entries[hole] != null && !(hashes[hole] == hash && entries[hole].key.id().equals(id))) {
            hole = (hole + 1) & mask;
        }
        if (entries[hole] == null) {
            return;
        }
        // Every entry after the hole, up to the next empty slot, moves into it unless its own slot lies
        // cyclically after the hole (then the hole is not on its probe path).
        for (int next = (hole + 1) & mask; entries[next] != null; next = (next + 1) & mask) {
            int home = slot(hashes[next]);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                entries[hole] = entries[next];
                hashes[hole] = hashes[next];
                hole = next;
            }
        }
        entries[hole] = null;
        hashes[hole] = 0;
        size--;
    }

    @Override
    public Iterator<KeyEntry> iterator() {
        return new Iterator<>() {
            private int at = advance(0);

            private int advance(int from) {
                while (from < entries.length && entries[from] == null) {
                    from++;
                }
                return from;
            }

            @Override
            public boolean hasNext() {
                return at < entries.length;
            }

            @Override
            public KeyEntry next() {
                if (at >= entries.length) {
                    throw new NoSuchElementException();
                }
                KeyEntry entry = entries[at];
                at = advance(at + 1);
                return entry;
            }
        };
    }

    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    private void insert(int hash, KeyEntry entry) {
        int mask = entries.length - 1;
        int i = slot(hash);
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        entries[i] = entry;
        hashes[i] = hash;
    }

    private void resize(int capacity) {
        int[] oldHashes = hashes;
        KeyEntry[] oldEntries = entries;
        hashes = new int[capacity];
        entries = new KeyEntry[capacity];
        shift = Integer.numberOfLeadingZeros(capacity) + 1;
        for (int i = 0; i < oldEntries.length; i++) {
            if (oldEntries[i] != null) {
                insert(oldHashes[i], oldEntries[i]);
            }
        }
    }
}
