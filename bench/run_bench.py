"""Benchmark: first NLP pass, rule coding, re-coding after a codebook edit, the full ``run``,
a survey of short answers and peak memory, side by side with a naive regex baseline.

Every measurement runs in its own Python process (``--measure NAME``), so its peak memory
(``ru_maxrss``) and its caches are its own. The parent generates the studies
(:mod:`generate`), runs the measurements, and writes ``bench/RESULTS.md``.

Examples
--------
::

    python bench/run_bench.py                      # the full benchmark (about 10 minutes)
    python bench/run_bench.py --interviews 20 --recode-interviews 20 --answers 2000 \\
        --out /tmp/RESULTS.md                      # a quick look
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

#: The floors of the issue "Scale and speed", on the project's 2-core machine.
FLOORS = {"first_pass_words_per_s": 150_000, "recode_s": 1.0, "recode_speedup": 3.0,
          "full_run_s": 120.0, "peak_mb": 3 * 1024}
#: A full run still going after this long (5× its floor) is stopped and reported as such.
FULL_RUN_TIMEOUT = 600
#: The edit made to one code's rules for the re-coding measurement.
#: Two different edits of one code's rules, each a new compound term and a new proximity rule:
#: the command-line re-code and the notebook re-code each meet rules never evaluated before.
EDITS = {"fi": [["asiakaspalvelu", "nopea NEAR/3 vastaus"],
                ["palvelukokemus", "hidas NEAR/3 vastaus"]],
         "en": [["customer service", "quick NEAR/3 answer"],
                ["service experience", "slow NEAR/3 reply"]]}


def _peak_mb() -> dict:
    """Peak resident memory of this process and of its finished children (worker pools)."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 ** 2  # kB on Linux, B on macOS
    return {"peak_mb": round(me * scale, 1), "peak_children_mb": round(children * scale, 1)}


def _words(study) -> int:
    return sum(len(t.text.split()) for t in study.transcripts.values())


def _clock() -> float:
    return time.perf_counter()


# -- measurements (each is run in a fresh process by the parent) --------------------------------
def measure_first_pass(study_path: str) -> dict:
    """Load a study and build its token index with an empty cache (the first NLP pass)."""
    from interview_analysis.study.study import load_study

    shutil.rmtree(Path(study_path) / ".ia-cache", ignore_errors=True)
    t0 = _clock()
    study = load_study(study_path)
    t1 = _clock()
    corpus = study.corpus()
    t2 = _clock()
    index = corpus.tokens()
    t3 = _clock()
    words = _words(study)
    return {"documents": len(study.transcripts), "words": words, "tokens": index.n_tokens,
            "vocabulary": len(index.vocab), "passages": len(corpus.passages),
            "load_s": t1 - t0, "corpus_s": t2 - t1, "nlp_s": t3 - t2,
            "words_per_s": words / (t3 - t2), "words_per_s_with_load": words / (t3 - t0)}


def edited_codebook(codebook_path: str | Path, lang: str, out: str | Path,
                    edit: int = 0) -> str:
    """Write a copy of the codebook with one code's ``lang`` rules edited; return its ID.

    The first code with rules in ``lang`` loses its last rule and gains the rules of
    ``EDITS[lang][edit]`` (a new compound term and a new proximity rule).
    """
    data = yaml.safe_load(Path(codebook_path).read_text(encoding="utf-8"))

    def codes(entries, parent: str = ""):
        for entry in entries or []:
            path = f"{parent}/{entry['id']}" if parent else str(entry["id"])
            yield path, entry
            yield from codes(entry.get("codes"), path)

    for code_id, entry in codes(data.get("themes") or data.get("codes")):
        rules = (entry.get("rules") or {}).get(lang)
        if rules:
            entry["rules"][lang] = rules[:-1] + EDITS[lang][edit]
            Path(out).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                 encoding="utf-8")
            return code_id
    raise ValueError(f"{codebook_path}: no code has rules in {lang}")


def _recode(study_path: str, codebook) -> tuple[float, float, int]:
    """Load the study again and code it with ``codebook``: (tokens s, transform s, codings)."""
    from interview_analysis.coding.coder import RuleCoder
    from interview_analysis.study.study import load_study

    corpus = load_study(study_path).corpus()
    t0 = _clock()
    corpus.tokens()
    t1 = _clock()
    codings = RuleCoder(codebook, lang=corpus.language).transform(corpus)
    return t1 - t0, _clock() - t1, len(codings)


def naive_patterns(codebook, lang: str) -> dict[str, re.Pattern]:
    """One case-insensitive regular expression per code: its rules' words as alternations.

    The baseline a researcher would write with pandas: every term of every rule (both sides of
    NEAR and AND, phrases with ``\\s+`` between words), matched as a substring so that
    inflections and compounds that contain the term are found; ``re:`` rules as they are.
    No lemmas, no exclusions, no proximity.
    """
    from interview_analysis.coding.rules import RegexRule

    patterns = {}
    for code in codebook:
        alternatives = []
        for rule in code.rules.get(lang, []):
            if isinstance(rule, RegexRule):
                alternatives.append(rule.pattern.pattern)
                continue
            for phrase in rule.phrases:
                alternatives.append(r"\s+".join(re.escape(t.text) for t in phrase.terms))
        valid = []
        for alternative in alternatives:
            try:
                re.compile(alternative)
                valid.append(alternative)
            except re.error:
                pass
        if valid:
            patterns[code.id] = re.compile("|".join(f"(?:{a})" for a in valid), re.IGNORECASE)
    return patterns


def naive_code(corpus, codebook, lang: str) -> dict[str, set[int]]:
    """``{code: passage rows}`` by ``Series.str.contains`` over the raw participant texts."""
    passages = corpus.passages
    texts = passages.loc[passages["role"] == "participant", "text"]
    found = {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*match groups.*")
        for code, pattern in naive_patterns(codebook, lang).items():
            hit = texts.str.contains(pattern, regex=True, na=False)
            found[code] = set(texts.index[hit.to_numpy()].tolist())
    return found


def measure_recode(study_path: str, codebook_path: str | None = None) -> dict:
    """Re-coding after a codebook edit, with processed tokens cached, and the naive baseline.

    The study is first coded with its codebook in another process (the researcher's previous
    run: token index and rule results on disk). Then, in this process:

    * ``fresh_process``: the first coding in this process, with edit 0 — as the command line
      re-codes: the token index and unchanged rules' results are read from the study's cache,
      the new rules are evaluated;
    * ``notebook`` (the floor): the study is coded with the original codebook (a session that
      has coded once), loaded again and coded with edit 1, whose rules nobody evaluated yet —
      timed: reading the token index from the cache plus coding;
    * ``baseline``: the naive regex coder on the same corpus.
    """
    from interview_analysis.coding.codebook_reader import load_codebook
    from interview_analysis.study.study import load_study

    study = load_study(study_path)
    lang = study.language
    path = Path(codebook_path) if codebook_path else study.config.codebook
    for old in (Path(study_path) / ".ia-cache").glob("rules-*.parquet"):
        old.unlink()  # no edit of an earlier benchmark run is known
    with tempfile.TemporaryDirectory() as tmp:
        edits = [Path(tmp) / f"edit{i}.yaml" for i in range(2)]
        edited_code = [edited_codebook(path, lang, e, i) for i, e in enumerate(edits)][0]
        t0 = _clock()
        edited = [load_codebook(e) for e in edits]
        codebook_s = (_clock() - t0) / 2
    original = load_codebook(path)
    previous = measure("coding", study_path=study_path)  # the earlier run, in its own process
    if "error" in previous:
        raise RuntimeError(f"coding the study first failed: {previous['error']}")
    fresh_tokens, fresh_code, _ = _recode(study_path, edited[0])
    _recode(study_path, original)  # the session's earlier coding run
    tokens_s, code_s, n_codings = _recode(study_path, edited[1])
    corpus = load_study(study_path).corpus()
    t0 = _clock()
    naive = naive_code(corpus, edited[1], lang)
    baseline_s = _clock() - t0
    words = _words(study)
    recode_s = tokens_s + code_s
    return {"documents": len(study.transcripts), "words": words, "edited_code": edited_code,
            "codes": len(edited[1]), "codings": n_codings,
            "baseline_codings": sum(len(v) for v in naive.values()),
            "codebook_load_s": codebook_s, "tokens_from_cache_s": tokens_s, "coding_s": code_s,
            "recode_s": recode_s, "fresh_process_recode_s": fresh_tokens + fresh_code,
            "fresh_process_tokens_s": fresh_tokens, "baseline_s": baseline_s,
            "speedup_vs_baseline": baseline_s / recode_s if recode_s else None}


def measure_coding(study_path: str) -> dict:
    """First rule coding of a study whose token index is cached (as after a first pass)."""
    from interview_analysis.coding.coder import RuleCoder
    from interview_analysis.study.study import load_study

    study = load_study(study_path)
    corpus = study.corpus()
    codebook = study.codebook()
    t0 = _clock()
    corpus.tokens()
    t1 = _clock()
    codings = RuleCoder(codebook, lang=corpus.language).transform(corpus)
    t2 = _clock()
    return {"documents": len(study.transcripts), "words": _words(study),
            "passages": len(corpus.passages), "codings": len(codings),
            "tokens_from_cache_s": t1 - t0, "coding_s": t2 - t1}


def measure_full_run(study_path: str, out_dir: str) -> dict:
    """``run`` from scratch (empty cache): load, NLP, coding, analysis, figures, report."""
    from interview_analysis.study.study import load_study
    try:
        from interview_analysis.report.run import run_study
    except ImportError as exc:
        return {"error": f"run_study is not available: {exc}"}

    shutil.rmtree(Path(study_path) / ".ia-cache", ignore_errors=True)
    shutil.rmtree(out_dir, ignore_errors=True)
    t0 = _clock()
    study = load_study(study_path)
    result = run_study(study, out_dir)
    seconds = _clock() - t0
    files = [p for p in Path(out_dir).rglob("*") if p.is_file()]
    return {"documents": len(study.transcripts), "words": _words(study), "run_s": seconds,
            "files": len(files), "report_html": str(result.report_html)}


MEASUREMENTS = {"first_pass": measure_first_pass, "recode": measure_recode,
                "coding": measure_coding, "full_run": measure_full_run}


def measure(name: str, isolated: bool = True, timeout: float = 1800, **kwargs) -> dict:
    """Run one measurement, in a fresh process when ``isolated``; adds peak memory.

    A measurement that fails or times out is recorded with an ``error``, not raised.
    """
    if not isolated:
        try:
            result = MEASUREMENTS[name](**kwargs)
        except Exception as exc:  # recorded in the results, like a failing subprocess
            result = {"error": f"{type(exc).__name__}: {exc}"}
        return {**result, **_peak_mb()}
    command = [sys.executable, str(Path(__file__).resolve()), "--measure", name,
               "--kwargs", json.dumps(kwargs)]
    env = {**os.environ, "TQDM_DISABLE": "1"}
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"did not finish in {timeout:.0f} s"}
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": f"exit {done.returncode}: {tail}"}
    return json.loads(lines[-1])


def _summary(result: dict) -> str:
    return ", ".join(f"{k} {_num(v)}" for k, v in result.items()
                     if k.endswith(("_s", "_per_s", "speedup_vs_baseline", "peak_mb", "error")))


def _child(name: str, kwargs: str) -> None:
    try:
        result = MEASUREMENTS[name](**json.loads(kwargs))
    except Exception as exc:
        result = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps({**result, **_peak_mb()}, default=str))


# -- the whole benchmark ------------------------------------------------------------------------
def machine() -> dict:
    """CPU, cores, memory, Python and the versions of the packages that matter here."""
    from importlib import metadata

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kb / 1024 ** 2:.1f} GiB"
    except (OSError, IndexError, ValueError):
        pass
    packages = {}
    for name in ("interview-analysis", "spacy", "numpy", "pandas", "pyarrow", "simplemma",
                 "spacy-lookups-data", "regex", "tqdm", "matplotlib"):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = "not installed"
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram,
            "python": platform.python_version(), "platform": platform.platform(),
            "packages": packages, "load_average": load}


def run_benchmark(work: str | Path, interviews: int = 1000, words: int = 5000,
                  recode_interviews: int = 200, answers: int = 100_000,
                  langs: tuple[str, ...] = ("fi", "en"), full_run: bool = True,
                  isolated: bool = True, seed: int = 0, log=print) -> dict:
    """Generate the studies in ``work`` and run every measurement; returns the results."""
    work = Path(work)
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "started": time.strftime("%Y-%m-%d %H:%M:%S"),
                     "parameters": {"interviews": interviews, "words": words,
                                    "recode_interviews": recode_interviews, "answers": answers,
                                    "langs": list(langs), "seed": seed}, "studies": {}}
    for lang in langs:
        big = generate.generate_study(work / f"{lang}-{interviews}x{words}", lang, interviews,
                                      words, seed)
        small = generate.generate_study(work / f"{lang}-{recode_interviews}x{words}", lang,
                                        recode_interviews, words, seed)
        entry: dict = {"words": big["words"], "recode_words": small["words"]}
        log(f"[{lang}] first NLP pass on {big['words']:,} words")
        entry["first_pass"] = measure("first_pass", isolated, study_path=str(big["path"]))
        log(f"[{lang}] rule coding    ({_summary(entry['first_pass'])})")
        entry["coding"] = measure("coding", isolated, study_path=str(big["path"]))
        log(f"[{lang}] re-coding {small['words']:,} words after a codebook edit    "
            f"({_summary(entry['coding'])})")
        measure("first_pass", isolated, study_path=str(small["path"]))  # fills the cache
        entry["recode"] = measure("recode", isolated, study_path=str(small["path"]))
        log(f"[{lang}] ({_summary(entry['recode'])})")
        if full_run:
            log(f"[{lang}] full run on {big['words']:,} words")
            entry["full_run"] = measure("full_run", isolated, timeout=FULL_RUN_TIMEOUT,
                                        study_path=str(big["path"]),
                                        out_dir=str(work / f"report-{lang}"))
            log(f"[{lang}] ({_summary(entry['full_run'])})")
        results["studies"][lang] = entry
    if answers:
        survey = generate.generate_survey(work / f"survey-{answers}", langs[-1], answers, seed)
        log(f"[survey] {answers:,} answers, {survey['words']:,} words")
        results["survey"] = {
            "answers": answers, "words": survey["words"], "lang": langs[-1],
            "first_pass": measure("first_pass", isolated, study_path=str(survey["path"])),
            "coding": measure("coding", isolated, study_path=str(survey["path"]))}
    results["machine"]["load_average_end"] = (os.getloadavg() if hasattr(os, "getloadavg")
                                              else None)
    return results


# -- RESULTS.md ---------------------------------------------------------------------------------
def _num(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _load(values) -> str:
    return " / ".join(f"{v:.1f}" for v in values) if values else "–"


def _verdict(ok) -> str:
    return "—" if ok is None else ("met" if ok else "**not met**")


METHOD = [
    "- **first NLP pass**: `load_study` + `corpus()` + `corpus.tokens()` with an empty "
    "`.ia-cache` in a fresh process; words/s = whitespace-separated words of all transcripts "
    "/ seconds of `tokens()` (tokenising in a process pool, passage and sentence mapping, "
    "lemmatising the vocabulary, writing the cache). `words_per_s_with_load` also counts "
    "reading the files and building the passages.",
    "- **coding**: `RuleCoder(codebook).transform(corpus)` in a fresh process on a study whose "
    "token index is cached; `tokens_from_cache_s` is reading that index.",
    "- **re-code after an edit** (`recode_s`, the floor): the study has been coded once "
    "(in another process: token index and rule results on disk). In a process that has "
    "coded it too (a notebook session), the study is loaded again, one code's rules are "
    "edited in a copy of the codebook (its last rule replaced by a new compound term and a "
    "new NEAR rule that were never evaluated before), and the study is coded again; timed: "
    "token index from the cache + coding. Rules that did not change are answered from the "
    "rule cache, keyed by the index's content. `fresh_process_recode_s` is a re-code after "
    "another such edit as the first coding of a new process (as the command line does it): "
    "unchanged rules are read from `.ia-cache/rules-*.parquet`, only the edited ones are "
    "evaluated.",
    "- **naive baseline**: the same corpus, one case-insensitive regular expression per code "
    "(every term of its rules as an alternation, phrases with `\\s+`, `re:` rules as they "
    "are) applied with `Series.str.contains` to the participant passages: no lemmas, no "
    "compound analysis, no exclusions, no proximity — so it finds more (and wrong) "
    "passages; `baseline_codings` counts them.",
    "- **full run**: `load_study` + `run_study(study, out)` from an empty cache in a fresh "
    "process (figures, report.html, report.docx, tables); stopped after "
    f"{FULL_RUN_TIMEOUT} s.",
    "- **peak memory**: `ru_maxrss` of the measuring process plus that of its largest worker "
    "process (an upper bound of what was resident at once).",
]


def floor_rows(results: dict) -> list[tuple[str, str, str, str]]:
    """``(what, floor, measured, verdict)`` for every floor and study language."""
    rows = []
    for lang, s in results["studies"].items():
        fp, rc, fr = s.get("first_pass", {}), s.get("recode", {}), s.get("full_run", {})
        wps = fp.get("words_per_s")
        rows.append((f"first NLP pass, {lang}, {_num(fp.get('words', s['words']))} words",
                     "≥ 150,000 words/s",
                     f"{_num(wps, 0)} words/s" if wps else fp.get("error", "–"),
                     _verdict(wps >= FLOORS["first_pass_words_per_s"] if wps else None)))
        r = rc.get("recode_s")
        rows.append((f"re-code after an edit, {lang}, {_num(rc.get('words', s['recode_words']))} "
                     "words",
                     "≤ 1 s", f"{_num(r)} s" if r else rc.get("error", "–"),
                     _verdict(r <= FLOORS["recode_s"] if r else None)))
        f = rc.get("fresh_process_recode_s")
        rows.append((f"re-code after an edit in a new process (as the command line), {lang}",
                     "≤ 1 s", f"{_num(f)} s" if f else rc.get("error", "–"),
                     _verdict(f <= FLOORS["recode_s"] if f else None)))
        x = rc.get("speedup_vs_baseline")
        rows.append((f"re-code vs naive regex baseline, {lang}", "≥ 3× faster",
                     f"{_num(x, 1)}× ({_num(rc.get('baseline_s'))} s vs "
                     f"{_num(r)} s)" if x else "–",
                     _verdict(x >= FLOORS["recode_speedup"] if x else None)))
        if fr:
            t = fr.get("run_s")
            rows.append((f"full run, {lang}, {_num(fr.get('words', s['words']))} words",
                         "≤ 120 s",
                         f"{_num(t, 1)} s" if t else fr.get("error", "–"),
                         _verdict(t <= FLOORS["full_run_s"] if t else None)))
        peaks = [m.get("peak_mb", 0) + m.get("peak_children_mb", 0)
                 for m in (fp, s.get("coding", {}), rc, fr) if m]
        rows.append((f"peak memory, {lang} (process + its workers)", "≤ 3 GB",
                     f"{_num(max(peaks), 0)} MB", _verdict(max(peaks) <= FLOORS["peak_mb"])))
    return rows


def write_results(results: dict, path: str | Path, command: str) -> Path:
    """Write the results as Markdown (machine, commands, floors, every measurement)."""
    m = results["machine"]
    lines = ["# Benchmark results", "",
             f"Measured {results['started']} by `bench/run_bench.py`; every measurement in its "
             "own process (peak memory from `getrusage`).", "", "## Reproduce", "", "```sh",
             command, "```", "",
             "`make bench` runs the same with the defaults (1,000 interviews × 5,000 words per "
             "language, 200 × 5,000 for re-coding, 100,000 survey answers). The synthetic "
             "studies are written by `bench/generate.py` (deterministic for a seed).", "",
             "## Machine", "",
             f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram']}",
             f"- Python {m['python']} on {m['platform']}",
             "- " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
             f"- load average (1, 5, 15 min) at start {_load(m['load_average'])}, at end "
             f"{_load(m.get('load_average_end'))} (other work on the machine slows every "
             "number down)", "",
             "## Floors", "", "| what | floor | measured | |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in floor_rows(results)]
    lines += ["", "## What is measured", "", *METHOD, "", "## All measurements", ""]
    for lang, s in results["studies"].items():
        for name, values in s.items():
            if isinstance(values, dict):
                lines.append(f"- **{lang} {name}**: " + ", ".join(
                    f"{k} {_num(v)}" for k, v in values.items()))
    if "survey" in results:
        sv = results["survey"]
        for name in ("first_pass", "coding"):
            lines.append(f"- **survey ({_num(sv['answers'])} answers, {sv['lang']}) {name}**: "
                         + ", ".join(f"{k} {_num(v)}" for k, v in sv[name].items()))
    lines.append("")
    path = Path(path)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measure", choices=sorted(MEASUREMENTS), help=argparse.SUPPRESS)
    parser.add_argument("--kwargs", default="{}", help=argparse.SUPPRESS)
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--recode-interviews", type=int, default=200)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--langs", nargs="+", default=["fi", "en"], choices=["fi", "en"])
    parser.add_argument("--no-full-run", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=None,
                        help="where the synthetic studies go (default: a temporary folder)")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results")
    args = parser.parse_args(argv)
    if args.measure:
        _child(args.measure, args.kwargs)
        return
    command = "python bench/run_bench.py " + " ".join(
        a for a in (argv if argv is not None else sys.argv[1:]))
    work = args.work or Path(tempfile.mkdtemp(prefix="ia-bench-"))
    try:
        results = run_benchmark(work, args.interviews, args.words, args.recode_interviews,
                                args.answers, tuple(args.langs), not args.no_full_run,
                                seed=args.seed,
                                log=lambda s: print(s, file=sys.stderr, flush=True))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    print(write_results(results, args.out, command.strip()))


if __name__ == "__main__":
    main()
