"""A study: the folder a researcher works in — settings, transcripts, cases, codebook, codings.

``load_study(folder)`` reads ``study.yaml`` when present; a plain folder of transcripts is also a
study (case = file stem, language from ``lang`` or detected).
"""
from __future__ import annotations

import dataclasses
import warnings
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..corpus.cases import (
    default_cases,
    default_speaker_cases,
    read_cases,
    read_speaker_cases,
    speaker_cases,
)
from ..corpus.corpus import PASSAGE_COLUMNS, Corpus, passages_of, speaker_key
from ..corpus.readers import read_transcripts
from ..corpus.speakers import speaker_summary
from ..corpus.transcript import Transcript
from ..errors import StudyError, StudyNote, StudyWarning
from ..nlp.language import detect_language, is_known_language, language_fix
from ..nlp.pipeline import word_count
from .attribute_labels import check_attribute_labels
from .config import StudyConfig, config_line, load_config, missing_path
from .file_attributes import merge_file_attributes
from .files import find_transcript_files

class Study:
    """A loaded study. Create it with :func:`load_study`.

    Attributes
    ----------
    config:
        The validated ``study.yaml`` settings.
    transcripts:
        ``{document: Transcript}`` in file-name order.
    cases:
        One row per case (index ``case``) with its ``documents`` and attributes.
    language:
        The study language (detected when ``study.yaml`` says ``auto``).
    """

    def __init__(self, config: StudyConfig, transcripts: dict[str, Transcript],
                 cases: pd.DataFrame, language: str) -> None:
        self.config = config
        self.transcripts = transcripts
        self.cases = cases
        self.language = language
        self._corpora: dict[str, Corpus] = {}
        self._stored = None

    @property
    def cache_dir(self) -> Path:
        """The study's cache folder (``.ia-cache``: NLP, rule and report caches; safe to
        delete)."""
        return cache_folder(self.root)

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def title(self) -> str:
        return self.config.title

    @cached_property
    def case_of(self) -> dict[str, str]:
        """``{document: case}``: the case a transcript's passages belong to (with
        ``cases_from: speaker``, the transcript's own case, which holds the interviewer's
        turns; each named participant speaker is a case of its own)."""
        if self.config.cases_from == "speaker":
            return {doc: doc for doc in self.transcripts}
        return {doc: case for case, docs in self.cases["documents"].items() for doc in docs}

    @cached_property
    def speaker_cases(self) -> dict[str, str]:
        """``{speaker key: case}`` of participant speakers that are cases of their own
        (``cases_from: speaker``); empty otherwise."""
        if self.config.cases_from != "speaker":
            return {}
        return {speaker_key(case): case for case in self.cases.index
                if case not in self.transcripts}

    def speakers(self, unit: str | None = None) -> pd.DataFrame:
        """Who speaks in each transcript: ``document, speaker, role, role_from, turns,
        words`` (see :func:`~interview_analysis.corpus.speakers.speaker_summary`)."""
        return speaker_summary(self.corpus(unit), self.transcripts)

    def corpus(self, unit: str | None = None) -> Corpus:
        """The corpus of passages by ``turn`` (default), ``paragraph`` or ``sentence``."""
        unit = unit or self.config.unit
        if unit not in self._corpora:
            self._corpora[unit] = self._build_corpus(unit)
        return self._corpora[unit]

    def _build_corpus(self, unit: str) -> Corpus:
        rows: list[dict] = []
        docs = []
        whole = []
        for doc, tr in self.transcripts.items():
            case = self.case_of[doc]
            found = passages_of(tr, case, self.language, self.config.role_of, unit,
                                self.speaker_cases)
            if len(found) == 1 and not tr.turns and found[0]["words"] > WHOLE_TEXT_WORDS:
                whole.append(f"{doc} ({found[0]['words']:,} words)")
            rows.extend(found)
            docs.append({"document": doc, "case": case, "format": tr.format,
                         "source": str(tr.source) if tr.source else None,
                         "characters": len(tr.text), "words": word_count(tr.text)})
        if whole:  # a speech-to-text .txt: one line per segment, no labels, no blank lines
            warnings.warn(f"{self.root}: no speaker labels and no blank lines, so each of these "
                          f"transcripts is one passage: {', '.join(whole)}; with 'unit: "
                          "sentence' in study.yaml (or --unit sentence) every sentence is a "
                          "passage, or label the speakers", StudyNote, stacklevel=3)
        passages = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
        passages["start"] = passages["start"].astype("int64")
        passages["end"] = passages["end"].astype("int64")
        return Corpus({d: t.text for d, t in self.transcripts.items()}, passages,
                      pd.DataFrame(docs), self.cases, self.language, unit,
                      cache_dir=self.cache_dir)

    def codebook(self, path: str | Path | None = None):
        """The codebook from ``path`` or from ``study.yaml``."""
        return codebook_of(self.config, path)

    def codings(self, coder: str, unit: str | None = None, codebook=None) -> pd.DataFrame:
        """A coder's manual codings from ``codings/<coder>.csv`` in long format."""
        from ..coding.codings import attach_passages
        spans = self.coder_spans(coder, codebook)
        return attach_passages(spans, self.corpus(unit).passages, coder)

    def coder_spans(self, coder: str, codebook=None) -> pd.DataFrame:
        """The rows of ``codings/<coder>.csv`` (``document,start,end,code,stance,memo``) at
        today's offsets: codings in a transcript edited since they were made are moved to
        where their words are now, with a warning (see :mod:`.anchoring`)."""
        from ..coding.codings import check_coder_name
        from .anchoring import read_coder_codings, warn_reanchored
        check_coder_name(coder, StudyError, where="coder")
        path = (self.config.codings or self.root / "codings") / f"{coder}.csv"
        if not path.is_file():
            raise StudyError(f"no codings file for coder '{coder}'", file=path,
                             fix="coders with codings: " + (", ".join(self.coders()) or "none"))
        codes = set(codebook.codes) if codebook is not None else None
        texts = {doc: tr.text for doc, tr in self.transcripts.items()}
        spans, moved = read_coder_codings(path, coder, texts, codes, self.stored_texts())
        if len(moved):
            warn_reanchored(path, moved)
        return spans

    def stored_texts(self):
        """The transcript texts the project database remembers (read-only; see
        :class:`.anchoring.StoredTexts`)."""
        if self._stored is None:
            from .anchoring import StoredTexts
            self._stored = StoredTexts(root=self.root)
            if self._stored.problem:
                warnings.warn(f"{self._stored.problem}; codings are used without checking "
                              "whether their transcripts changed", StudyWarning, stacklevel=3)
        return self._stored

    def primary_coder(self) -> str | None:
        """The coder whose codings the analysis uses: ``researcher`` when present, else the
        first coder alphabetically, else ``None`` (then rule codings are used)."""
        coders = self.coders()
        if not coders:
            return None
        return "researcher" if "researcher" in coders else coders[0]

    def analysis_codings(self, coder: str | None = None, unit: str | None = None,
                         codebook=None) -> pd.DataFrame:
        """The codings to analyse: ``coder``'s manual codings, by default the primary coder's,
        or the codebook's rule codings when the study has no manual codings."""
        codebook = codebook or self.codebook()
        coder = coder or self.primary_coder()
        if coder is None:
            from ..coding.coder import RuleCoder
            return RuleCoder(codebook, lang=self.language).transform(self.corpus(unit))
        return self.codings(coder, unit, codebook)

    def coders_codings(self, coders: list[str], unit: str | None = None,
                       codebook=None) -> pd.DataFrame:
        """Several coders' manual codings in one long table (for reliability)."""
        codebook = codebook or self.codebook()
        return pd.concat([self.codings(c, unit, codebook) for c in coders], ignore_index=True)

    def coders(self) -> list[str]:
        """Coders with a ``codings/<coder>.csv`` file, sorted. Lock and metadata files other
        programs leave beside an open file (``~$anna.csv``, ``._anna.csv``,
        ``.~lock.anna.csv#``) are not coders: they are named once in a warning."""
        from ..coding.codings import coder_files
        folder = self.config.codings
        if folder is None or not folder.is_dir():
            return []
        files, others = coder_files(folder)
        if others:
            warnings.warn(f"{folder}: ignoring files that other programs keep beside open or "
                          "copied files (not coders): " + ", ".join(p.name for p in others),
                          StudyWarning, stacklevel=2)
        return [p.stem for p in files]

    def __repr__(self) -> str:
        return (f"<Study {self.title!r}: {len(self.cases)} cases, {len(self.transcripts)} "
                f"documents, language {self.language}>")


def _read_all(files: list[Path], config: StudyConfig,
              cache_dir: Path | None = None) -> dict[str, Transcript]:
    from ..corpus.turncache import TurnCache
    roles = config.speaker_roles()
    transcripts: dict[str, Transcript] = {}
    sources: dict[str, Path] = {}
    turns = TurnCache(cache_dir)
    options = {"known_speakers": set(roles), "speaker_roles": roles, "turn_cache": turns}
    if config.text_columns:
        options["text_columns"] = config.text_columns
    for path in files:
        folder = _subfolder(path, config.transcripts)
        for tr in read_transcripts(path, **options):
            if tr.document in transcripts:
                raise _same_document(tr, path, sources[tr.document], config.transcripts)
            if folder:  # transcripts/ryhmä A/H1.docx: the case attribute folder = "ryhmä A"
                tr = dataclasses.replace(tr, attributes={"folder": folder, **tr.attributes})
            transcripts[tr.document] = tr
            sources[tr.document] = path
    turns.save()
    return transcripts


def _subfolder(path: Path, folder: Path) -> str | None:
    """The subfolder of the transcripts ``folder`` that ``path`` is in, or ``None``."""
    try:
        inside = path.parent.relative_to(folder)
    except ValueError:
        return None
    return inside.as_posix() if inside.parts else None


def _same_document(tr: Transcript, path: Path, first: Path, folder: Path) -> StudyError:
    def shown(p: Path) -> str:
        return p.relative_to(folder).as_posix() if p.is_relative_to(folder) else p.name
    if tr.format in ("csv", "xlsx"):  # a survey row: the ID is the respondent's
        fix = (f"respondent IDs must differ from every other document ID: '{tr.document}' "
               f"is also in {shown(first)}; give the respondents of one table their own IDs "
               f"(e.g. a prefix), or keep one survey table per study")
    else:
        fix = (f"rename one of {shown(first)} and {shown(path)}; the document ID is the file "
               "name without extension, also in subfolders")
    return StudyError("two transcripts have the same document ID", file=path,
                      value=tr.document, fix=fix)


def _cases(config: StudyConfig, transcripts: dict[str, Transcript]) -> pd.DataFrame:
    """The cases table: from ``cases.csv`` when there is one, else one case per transcript
    (or per participant speaker with ``cases_from: speaker``)."""
    if config.cases is not None and not config.cases.exists():
        raise missing_path(config, "cases")
    if config.cases_from == "speaker":
        owners, speaking = speaker_cases(transcripts, lambda speaker, turn:
                                         config.role_of(speaker) or turn.role or "participant")
        return (read_speaker_cases(config.cases, owners, speaking) if config.cases is not None
                else default_speaker_cases(owners))
    documents = list(transcripts)
    return read_cases(config.cases, documents) if config.cases is not None \
        else default_cases(documents)


def _check_attributes(config: StudyConfig, cases: pd.DataFrame) -> None:
    """``group:`` and ``order:`` must name case attributes (columns of the cases table)."""
    known = [c for c in cases.columns if c != "documents"]
    for key in ("group", "order"):
        name = getattr(config, key)
        if name is not None and name not in known:
            raise StudyError(f"'{key}' names a case attribute that the cases table does not have",
                             file=config.file, where=config_line(config, key), value=name,
                             fix="attributes: " + (", ".join(map(str, known)) or "none (add "
                                 "a cases.csv with attribute columns)")
                                 + f"; correct '{key}:' or add the column to the cases table")


def codebook_of(config: StudyConfig, path: str | Path | None = None):
    """The codebook from ``path``, or the one ``study.yaml`` names."""
    from ..coding.codebook_reader import load_codebook
    if path:
        return load_codebook(Path(path))
    if config.codebook is None:
        raise StudyError("this study has no codebook", file=config.file or config.root,
                         fix="give --codebook FILE, or add 'codebook: FILE' to study.yaml")
    if not config.codebook.exists():
        raise missing_path(config, "codebook")
    return load_codebook(config.codebook)


def _check_folders(config: StudyConfig) -> None:
    """The folders ``study.yaml`` names: no transcripts folder is an error naming the setting;
    a codings folder it names that is not there is a warning (until someone codes, there is
    nothing in it), since every coder would silently be missing."""
    if config.file is None:
        return
    if not config.transcripts.exists():
        raise missing_path(config, "transcripts")
    if "codings" in config.written and not config.codings.exists():
        error = missing_path(config, "codings")
        warnings.warn(f"{error.file}, {error.where}: {error.problem}, so no coder's codings "
                      f"are read\n  Fix: {error.fix}", StudyWarning, stacklevel=3)


def study_settings(path: str | Path, lang: str | None = None) -> StudyConfig:
    """The settings of a study folder (its ``study.yaml``, or those of a plain folder of
    transcripts), without reading a transcript: enough for what needs only the codebook.

    ``lang`` overrides the language of ``study.yaml``.
    """
    from ..base.paths import check_path
    path = check_path(path, StudyError, fix="give the folder that holds study.yaml or the "
                                            "transcripts")
    if path.is_file() and path.name.endswith((".yaml", ".yml")):
        path = path.parent
    if path.is_file():
        raise StudyError("this is a file, not a study folder", file=path,
                         fix="give the folder that holds study.yaml or the transcripts"
                             f" (here perhaps {path.parent})")
    if not path.is_dir():
        raise StudyError("the study folder does not exist", file=path,
                         fix="give the folder that holds study.yaml or the transcripts")
    from ..base.filetxn import recover
    recover(path)  # an import killed halfway is undone before anything is read
    if lang and not is_known_language(lang):
        raise StudyError("unknown language code", where="--lang", value=lang,
                         fix=language_fix())
    yaml_file = path / "study.yaml"
    config = load_config(yaml_file) if yaml_file.is_file() else StudyConfig.default(path, lang)
    if lang:
        config.language = lang
    return config


#: An unlabelled transcript that is one passage of more words than this gets a note.
WHOLE_TEXT_WORDS = 300


def cache_folder(root: Path) -> Path:
    """The cache folder of the study in ``root``."""
    return Path(root) / ".ia-cache"


def load_study(path: str | Path, lang: str | None = None) -> Study:
    """Load a study folder (with or without ``study.yaml``).

    Parameters
    ----------
    path:
        The study folder, or its ``study.yaml``.
    lang:
        Language code overriding ``study.yaml`` (``auto`` detects it).

    Examples
    --------
    >>> study = load_study("corpus/sme-customer-management")   # doctest: +SKIP
    >>> study.corpus().passages.head()                          # doctest: +SKIP
    """
    config = study_settings(path, lang)
    path = config.root
    _check_folders(config)
    own_files = {p for p in (config.cases, config.codebook, config.file) if p is not None}
    files = find_transcript_files(config.transcripts, config.cases, root=path,
                                  study_files=own_files)
    transcripts = _read_all(files, config, cache_folder(path))
    cases = _cases(config, transcripts)
    case_of = ({doc: doc for doc in transcripts} if config.cases_from == "speaker" else
               {doc: case for case, docs in cases["documents"].items() for doc in docs})
    cases = merge_file_attributes(cases, transcripts, case_of)
    _check_attributes(config, cases)
    check_attribute_labels(config.attributes, cases, config.file)
    language = config.language
    if language == "auto":
        language = detect_language([t.text for t in transcripts.values()])
    return Study(config, transcripts, cases, language)


__all__ = ["Study", "StudyWarning", "load_study", "find_transcript_files"]
warnings.simplefilter("default", StudyWarning)
