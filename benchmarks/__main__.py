"""`python -m benchmarks`: run every benchmark in this folder."""

from benchmarks import (
    batch_shapes,
    gpt_backbones,
    gru_threads,
    gru_throughput,
    long_posts,
    mantel_pairs,
    mln_triage,
    pattern_matchers,
    simulators,
)

if __name__ == "__main__":
    gru_throughput.main()
    batch_shapes.main()
    gru_threads.main()
    pattern_matchers.main()
    mln_triage.main()
    mantel_pairs.main()
    long_posts.main()
    simulators.main()
    gpt_backbones.main()
