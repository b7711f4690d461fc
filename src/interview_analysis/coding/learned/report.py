"""What a cross-validation says, as data and as Markdown: which method won per code, which codes
could not be learnt, and where rules or more hand coding would help most.

Every table comes from :func:`~..crossval.cross_validate`'s result; nothing is re-measured.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

SUMMARY = ("micro", "macro")
ORDER = ("rules", "model", "combined", "prior", "tfidf", "tfidf-pooled")
#: A code whose best F1 is below this is worth a rule or more hand coding.
WEAK_F1 = 0.6
#: Fewer coded passages than this: more hand coding is the first fix.
FEW_EXAMPLES = 10


def per_code_notes(skipped: dict, min_examples: int) -> dict[str, str]:
    """``{code: note}`` for codes the model could not learn in some training fold (``skipped``:
    code → the most coded passages it had in a fold where it was skipped)."""
    return {code: (f"{n} coded passage{'s' if n != 1 else ''} in a training fold (fewer "
                   f"than {min_examples}): no classifier there; code more passages or write "
                   "a rule") for code, n in skipped.items()}


def _f1_table(result: pd.DataFrame) -> pd.DataFrame:
    per_code = result[~result["level"].isin(SUMMARY)]
    f1 = per_code.pivot(index="level", columns="method", values="f1")
    methods = [m for m in ORDER if m in f1.columns] + [m for m in f1.columns if m not in ORDER]
    support = per_code.drop_duplicates("level").set_index("level")["support"]
    f1 = f1.reindex(index=list(dict.fromkeys(per_code["level"])), columns=methods)
    f1.insert(0, "support", support.reindex(f1.index).astype(int))
    return f1


def winners(result: pd.DataFrame) -> pd.DataFrame:
    """Per code with support: ``code, support, winner, f1`` and every method's F1 (ties name
    every winning method, joined by ``=``)."""
    f1 = _f1_table(result)
    f1 = f1[f1["support"] > 0]
    methods = [c for c in f1.columns if c != "support"]
    rows = []
    for code, row in f1.iterrows():
        scores = row[methods].astype(float)
        best = scores.max()
        won = [m for m in methods if np.isfinite(best) and scores[m] >= best - 1e-12]
        rows.append({"code": code, "support": int(row["support"]),
                     "winner": "=".join(won) if best > 0 else "none", "f1": best,
                     **{m: scores[m] for m in methods}})
    return pd.DataFrame(rows, columns=["code", "support", "winner", "f1", *methods])


def recommendations(result: pd.DataFrame, top: int = 5) -> list[str]:
    """Where effort pays most: the weak codes (best F1 < :data:`WEAK_F1`) with the most
    passages at stake (``support × (1 − best F1)``), each with its fix — more hand coding
    for codes with few examples, a rule for codes without one, exclusions for rules that
    over-fire."""
    table = winners(result)
    if table.empty:
        return []
    precision = result[result["method"] == "rules"].set_index("level")["precision"]
    table = table[table["f1"].fillna(0) < WEAK_F1].copy()
    table["stake"] = table["support"] * (1 - table["f1"].fillna(0))
    out = []
    for row in table.sort_values("stake", ascending=False, kind="stable").head(top).itertuples():
        out.append(f"`{row.code}` (best F1 {row.f1:.2f}, {row.support} passages): "
                   + _fix(row, precision.get(row.code)))
    return out


def _fix(row, rule_precision) -> str:
    rules_f1 = getattr(row, "rules", float("nan"))
    if row.support < FEW_EXAMPLES:
        return "code more passages by hand — the model has too few examples"
    if rule_precision is None or pd.isna(rule_precision):
        return "write a rule from its definition — none fired, and the model alone is weak"
    if rule_precision < 0.5:
        return "its rule over-fires (precision {:.2f}): add exclusions".format(rule_precision)
    if pd.notna(rules_f1):
        return "its rule misses passages: add the words the missed passages use"
    return "code more passages by hand"


def cross_validation_report(result: pd.DataFrame, top: int = 8) -> str:
    """Markdown: the method × micro/macro table, the winner per code (the ``top`` most frequent
    codes), per-code notes, recommendations and stance accuracy."""
    lines = _summary_lines(result)
    note = result.attrs.get("grouping_note")
    if note:
        lines += ["", f"Folds: {note}."]
    table = winners(result).sort_values("support", ascending=False, kind="stable")
    methods = [c for c in table.columns if c not in ("code", "support", "winner", "f1")]
    lines += ["", "| code | support | " + " | ".join(f"{m} F1" for m in methods)
              + " | winner |", "|---|---|" + "---|" * (len(methods) + 1)]
    for row in table.head(top).itertuples(index=False):
        cells = [_num(getattr(row, m)) for m in methods]
        lines.append(f"| {row.code} | {row.support} | " + " | ".join(cells)
                     + f" | {row.winner} |")
    if len(table) > top:
        counts = table["winner"].value_counts()
        lines.append(f"\nWins over all {len(table)} codes: "
                     + ", ".join(f"{m} {n}" for m, n in counts.items()) + ".")
    lines += _notes_lines(result)
    return "\n".join(lines)


def _summary_lines(result: pd.DataFrame) -> list[str]:
    summary = result[result["level"].isin(SUMMARY)]
    wide = summary.pivot(index="method", columns="level", values=["precision", "recall", "f1"])
    present = list(dict.fromkeys(result["method"]))
    wide = wide.reindex([m for m in ORDER if m in present] + [m for m in present
                                                               if m not in ORDER])
    lines = ["| method | micro P | micro R | micro F1 | macro P | macro R | macro F1 |",
             "|---|---|---|---|---|---|---|"]
    for method, row in wide.iterrows():
        cells = [row[(k, lvl)] for lvl in SUMMARY for k in ("precision", "recall", "f1")]
        lines.append(f"| {method} | " + " | ".join(_num(v) for v in cells) + " |")
    return lines


def _notes_lines(result: pd.DataFrame) -> list[str]:
    lines = []
    notes = result.attrs.get("notes") or {}
    if notes:
        lines += ["", "Codes the model could not learn:"]
        lines += [f"- `{code}`: {text}" for code, text in notes.items()]
    advice = recommendations(result)
    if advice:
        lines += ["", "Where rules or more hand coding would help most:"]
        lines += [f"- {text}" for text in advice]
    stance = result.attrs.get("stance")
    if stance:
        lines += ["", "Stance accuracy: " + ", ".join(
            f"{k} {_num(v)}" for k, v in stance.items() if k.startswith("accuracy"))
            + f" (n = {stance.get('n', 0)})"]
    return lines


def _num(value) -> str:
    return "–" if value is None or pd.isna(value) else f"{value:.3f}"
