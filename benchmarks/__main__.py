"""`python -m benchmarks`: run every benchmark in this folder."""

from benchmarks import batch_shapes, gru_threads, gru_throughput, mantel_pairs, mln_triage, pattern_matchers

if __name__ == "__main__":
    gru_throughput.main()
    batch_shapes.main()
    gru_threads.main()
    pattern_matchers.main()
    mln_triage.main()
    mantel_pairs.main()
