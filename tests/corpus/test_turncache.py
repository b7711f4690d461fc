"""Speaker turns kept by content: the same turns as finding them, found once per text."""
from __future__ import annotations

from interview_analysis.corpus import turncache
from interview_analysis.corpus.turncache import TurnCache
from interview_analysis.corpus.turns import find_turns
from interview_analysis.study.study import load_study

TEXT = ("Haastattelija: Mitkä kanavat?\n\nH1: Sähköposti.\nJa puhelin.\n\n"
        "Haastattelija (00:01:12): Entä muuta?\n\nH1: Ei muuta.\n")


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []

    def counted(text, known=frozenset(), roles=None):
        calls.append(text[:12])
        return find_turns(text, known, roles)
    monkeypatch.setattr(turncache, "find_turns", counted)
    return calls


def test_kept_turns_are_the_turns_found(tmp_path, monkeypatch):
    expected = tuple(find_turns(TEXT, {"H1"}, {"Haastattelija": "interviewer"}))
    first = TurnCache(tmp_path)
    assert first.turns(TEXT, {"H1"}, {"Haastattelija": "interviewer"}) == expected
    assert first.turns("Ei puhujia tässä.\n") == ()
    first.save()
    calls = _counting(monkeypatch)
    again = TurnCache(tmp_path)
    assert again.turns(TEXT, {"H1"}, {"Haastattelija": "interviewer"}) == expected
    assert again.turns("Ei puhujia tässä.\n") == ()
    assert calls == []
    assert expected[1].time_start is None and expected[2].time_start == 72.0


def test_another_text_or_setting_is_cut_again(tmp_path, monkeypatch):
    cache = TurnCache(tmp_path)
    cache.turns(TEXT, {"H1"})
    cache.save()
    calls = _counting(monkeypatch)
    cache = TurnCache(tmp_path)
    cache.turns(TEXT, {"H1"}, {"H1": "interviewer"})
    cache.turns(TEXT.replace("Sähköposti", "Puhelin"), {"H1"})
    assert len(calls) == 2


def test_a_study_is_cut_once_and_the_file_keeps_only_its_texts(fi_study, monkeypatch):
    load_study(fi_study)
    assert (fi_study / ".ia-cache" / "turns.parquet").is_file()
    calls = _counting(monkeypatch)
    study = load_study(fi_study)
    assert calls == [] and len(study.corpus().passages) == 6
    h2 = fi_study / "transcripts" / "H2.txt"
    h2.write_text(h2.read_text(encoding="utf-8").replace("Puhelimitse", "Kirjeitse"),
                  encoding="utf-8")
    load_study(fi_study)
    assert len(calls) == 1  # the edited text only
    assert len(turncache._read(fi_study / ".ia-cache" / "turns.parquet")) == 2  # no stale one


def test_a_damaged_or_unwritable_cache_only_costs_time(fi_study, monkeypatch):
    load_study(fi_study)
    path = fi_study / ".ia-cache" / "turns.parquet"
    path.write_bytes(b"damaged")
    calls = _counting(monkeypatch)
    assert len(load_study(fi_study).corpus().passages) == 6
    assert len(calls) == 2 and len(turncache._read(path)) == 2  # rewritten
    path.unlink()
    path.mkdir()  # a folder in the way: nothing can be kept
    assert len(load_study(fi_study).corpus().passages) == 6
