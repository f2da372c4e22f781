"""Demo step: rebuild the public search index from everything loaded.

Pages published by the earlier steps already reached the index through the
queue (search.indexing); this full rebuild is the safety net, and it is
idempotent, so it runs last and may run any number of times."""

from search.indexing import rebuild_with_report


def load(stdout):
    stdout.write(rebuild_with_report())
