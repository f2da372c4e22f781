import pytest

from matchmaking.matching import recompute_matches


@pytest.fixture
def matched(demo):
    """The demo with its matches freshly computed (the demo demands are
    loaded once per session; each test may change them)."""
    recompute_matches()
    return demo
