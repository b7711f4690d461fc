"""A study with a huge codebook: the English demo study and thousands of generated codes.

Writes a copy of ``corpus/after-sales`` (transcripts, cases, the researcher's codings) whose
``study.yaml`` points at ``codebook.yaml``: the demo codebook's own themes (so the researcher's
codings stay valid) followed by ``--codes`` generated codes, ``--per-theme`` to a theme
(``w001/c00001`` ...). Each generated code has ``--rules`` one-word rules (two by default)
drawn from the words of the participants' passages that occur in 3 to 12 passages; rules match
lemmas, so every code is coded in some 18 passages: 5,000 codes give about 90,000 rule codings
on the demo's 128 participant passages, the shape that once made ``run`` take over 20 minutes
and 7 GB (issue #23, item 6).

Everything is drawn from one :class:`random.Random` seeded with ``--seed``: the same
arguments give byte-identical files.

With ``--measure`` the script then times ``interview-analysis code`` and
``interview-analysis run`` on the study, each in a fresh process and from an empty
``.ia-cache`` (as on a study's first run), and prints the seconds, their ratio and the peak
memory of each command (``getrusage`` of the command and its worker processes).

Examples
--------
::

    python bench/wide_codebook.py /tmp/wide --codes 5000
    python bench/wide_codebook.py /tmp/wide50k --codes 50000 --rules-only --measure
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpus" / "after-sales"
DEMO_CODEBOOK = REPO / "codebooks" / "after-sales.yaml"
sys.path.insert(0, str(REPO / "src"))

from interview_analysis.study.study import load_study  # noqa: E402

_WORD = re.compile(r"[a-z]{4,}")


def vocabulary(study_dir: Path = DEMO, low: int = 3, high: int = 12) -> list[str]:
    """Words of the participants' passages found in ``low`` to ``high`` passages, sorted."""
    corpus = load_study(study_dir).corpus()
    frequency: Counter[str] = Counter()
    for text in corpus.participant_passages["text"]:
        frequency.update(set(_WORD.findall(text.lower())))
    return sorted(w for w, n in frequency.items() if low <= n <= high)


def generated_themes(n_codes: int, per_theme: int, n_rules: int, seed: int) -> str:
    """YAML of the generated themes, indented to continue the demo codebook's ``themes:``."""
    import random

    rng = random.Random(seed)
    words = vocabulary()
    lines = []
    for t in range((n_codes + per_theme - 1) // per_theme):
        lines += [f"  - id: w{t + 1:03d}", f"    label: {{fi: Teema {t + 1}, en: Theme {t + 1}}}",
                  "    codes:"]
        for c in range(t * per_theme, min(n_codes, (t + 1) * per_theme)):
            rules = ", ".join(f'"{w}"' for w in rng.sample(words, n_rules))
            # one line a code: 50,000 codes stay under the 5 MB a codebook file may have
            lines.append(f"      - {{id: c{c + 1:05d}, label: Code {c + 1}, "
                         f"rules: {{en: [{rules}]}}}}")
    return "\n".join(lines) + "\n"


def write_study(dest: Path, n_codes: int, per_theme: int = 100, n_rules: int = 2,
                seed: int = 23, rules_only: bool = False) -> Path:
    """Write the study folder ``dest`` (replacing it) and return it; ``rules_only`` leaves
    the researcher's codings out, so that the report is about the rule codings."""
    if dest.exists():
        shutil.rmtree(dest)
    skip = [".ia-cache", "README.md", *(["codings"] if rules_only else [])]
    shutil.copytree(DEMO, dest, ignore=shutil.ignore_patterns(*skip))
    codebook = DEMO_CODEBOOK.read_text(encoding="utf-8").rstrip("\n") + "\n"
    codebook += generated_themes(n_codes, per_theme, n_rules, seed)
    (dest / "codebook.yaml").write_text(codebook, encoding="utf-8")
    study = (dest / "study.yaml").read_text(encoding="utf-8")
    study = re.sub(r"(?m)^codebook: .*$", "codebook: codebook.yaml", study)
    (dest / "study.yaml").write_text(study, encoding="utf-8")
    return dest


def _timed(args: list[str]) -> dict:
    """Run one command line in a fresh process: its seconds and peak memory (MB).

    ``os.wait4`` gives the command's own resource use, whose ``ru_maxrss`` is the largest of
    the process and of its worker processes (Linux counts waited-for descendants).
    """
    t0 = time.perf_counter()
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(args)} exited {child.returncode}:\n{stderr[-2000:].decode()}")
    return {"s": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def measure(study: Path, out: Path) -> dict:
    """Time ``code`` and ``run`` on ``study`` (each in a fresh process) and return the numbers."""
    exe = [sys.executable, "-m", "interview_analysis"]
    if out.exists():
        shutil.rmtree(out)
    shutil.rmtree(study / ".ia-cache", ignore_errors=True)  # both start from no cache
    code = _timed([*exe, "code", str(study), "--out", str(out / "codings.csv")])
    shutil.rmtree(study / ".ia-cache", ignore_errors=True)
    run = _timed([*exe, "run", str(study), "--out", str(out / "run")])
    return {"code_s": code["s"], "run_s": run["s"], "ratio": round(run["s"] / code["s"], 1),
            "code_peak_mb": code["peak_mb"], "run_peak_mb": run["peak_mb"],
            "codings": sum(1 for _ in open(out / "codings.csv", encoding="utf-8")) - 1}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dest", type=Path, help="the study folder to write (replaced)")
    parser.add_argument("--codes", type=int, default=5000, help="generated codes")
    parser.add_argument("--per-theme", type=int, default=100, help="codes to a theme")
    parser.add_argument("--rules", type=int, default=2, help="one-word rules per code")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--rules-only", action="store_true",
                        help="leave the researcher's codings out: the report analyses every "
                             "rule coding (the hard case)")
    parser.add_argument("--measure", action="store_true",
                        help="time `code` and `run` on the study and print the numbers")
    parser.add_argument("--out", type=Path, help="output folder of --measure "
                        "(default: DEST-out beside the study)")
    args = parser.parse_args(argv)
    study = write_study(args.dest, args.codes, args.per_theme, args.rules, args.seed,
                        args.rules_only)
    print(f"wrote {study} with {args.codes:,} generated codes")
    if args.measure:
        out = args.out or args.dest.with_name(args.dest.name + "-out")
        print(json.dumps({"codes": args.codes, "rules_only": args.rules_only,
                          **measure(study, out)}, indent=2))


if __name__ == "__main__":
    main()
