from unspin.inflection import case_like, inflect_like, lemma_key


def test_lemma_key() -> None:
    assert lemma_key("Penalties") == "penalty"
    assert lemma_key("xyzzy") == "xyzzy"


def test_inflection_follows_the_original() -> None:
    assert inflect_like("consequence", "penalties") == "consequences"
    assert inflect_like("smart grid", "grids") == "smart grids"
    assert inflect_like("deep", "profound") == "deep"


def test_casing_follows_the_original() -> None:
    assert case_like("state", "Squeak") == "State"
    assert case_like("breast cancer", "Bosom Peril") == "Breast Cancer"
    assert case_like("nasa", "NASA") == "NASA"
    assert case_like("deep", "profound") == "deep"
