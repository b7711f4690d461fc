"""``study.yaml``: the settings of a study, validated with file and line in every message."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..base.suggest import did_you_mean
from ..base.yamlsource import load_yaml, yaml_error_place, yaml_fix, yaml_problem
from ..domain import CASES_FROM, ROLES, UNITS
from ..errors import StudyError
from ..nlp.language import is_known_language, language_fix
from .attribute_labels import AttributeLabels, parse_attribute_labels

_FIELDS = {
    "title": "the study's title",
    "language": "spaCy language code of the transcripts, e.g. fi or en",
    "research_questions": "list of research questions",
    "transcripts": "folder of transcripts, relative to study.yaml",
    "cases": "cases table (CSV or Excel .xlsx), relative to study.yaml",
    "codebook": "codebook YAML or .qdc, relative to study.yaml",
    "speakers": "mapping speaker name -> role (interviewer, participant, observer)",
    "interviewer": "speaker label(s) of the interviewer, e.g. [MK, Speaker 1]; the other "
                   "speakers are participants",
    "cases_from": "document (one case per transcript) or speaker (one case per participant "
                  "speaker: focus groups, group interviews)",
    "group": "case attribute that splits cases into groups",
    "order": "case attribute giving interview order (e.g. interview_date)",
    "codings": "folder of codings/<coder>.csv files",
    "unit": "passage unit: turn, paragraph or sentence",
    "text_columns": "survey tables: open-ended columns that become passages",
    "attributes": "labels of case attributes and their values per language, e.g. industry: "
                  "{label: {fi: Toimiala, en: Industry}}",
}


#: Cases tables a study folder reads without being told, in this order.
DEFAULT_CASES = ("cases.csv", "cases.xlsx")


def default_cases_file(root: Path) -> str | None:
    """The name of the cases table beside ``study.yaml`` when there is one (see
    :data:`DEFAULT_CASES`)."""
    return next((name for name in DEFAULT_CASES if (Path(root) / name).is_file()), None)


@dataclass
class StudyConfig:
    """Validated contents of ``study.yaml`` (paths resolved against its folder)."""

    root: Path
    title: str = ""
    language: str = "auto"
    research_questions: list[str] = field(default_factory=list)
    transcripts: Path | None = None
    cases: Path | None = None
    codebook: Path | None = None
    speakers: dict[str, str] = field(default_factory=dict)
    interviewer: list[str] = field(default_factory=list)
    cases_from: str = "document"
    group: str | None = None
    order: str | None = None
    codings: Path | None = None
    unit: str = "turn"
    text_columns: list[str] = field(default_factory=list)
    attributes: AttributeLabels = field(default_factory=AttributeLabels)
    file: Path | None = None
    #: The path settings as ``study.yaml`` writes them (``{"codebook": "../cb.yaml"}``), for
    #: messages about a path that does not resolve.
    written: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls, root: Path, language: str | None = None) -> "StudyConfig":
        """Settings for a folder with no ``study.yaml``: its transcripts are in its
        ``transcripts/`` folder when it has one (the layout ``init`` makes), else in the folder
        itself."""
        cases = default_cases_file(root)
        folder = root / "transcripts"
        return cls(root=root, title=root.name, language=language or "auto",
                   transcripts=folder if folder.is_dir() else root,
                   cases=root / cases if cases else None, codings=root / "codings")

    def speaker_roles(self) -> dict[str, str]:
        """``{name: role}`` from ``speakers:`` and ``interviewer:``."""
        return {**{name: "interviewer" for name in self.interviewer}, **self.speakers}

    def role_of(self, speaker: str | None) -> str | None:
        """The role ``study.yaml`` gives a speaker (case-insensitive), or ``None``."""
        if speaker is None:
            return None
        roles = {" ".join(k.casefold().split()): v for k, v in self.speaker_roles().items()}
        return roles.get(" ".join(speaker.casefold().split()))


def _line_of(node_map: dict, key: str) -> str:
    node = node_map.get(key)
    return f"line {node.start_mark.line + 1}" if node is not None else "top level"


def _key_nodes(text: str) -> dict:
    try:
        root = yaml.compose(text)
    except (yaml.YAMLError, RecursionError):
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    return {k.value: k for k, _ in root.value}


def _parse_yaml(path: Path, text: str) -> dict:
    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        raise StudyError(f"this is not valid YAML: {yaml_problem(exc)}", file=path,
                         where=yaml_error_place(exc), fix=yaml_fix(exc)) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise StudyError("study.yaml must be a mapping of settings", file=path, where="line 1",
                         value=type(data).__name__,
                         fix="write settings as 'key: value' lines, e.g. 'language: fi'")
    return data


def _check_keys(path: Path, data: dict, nodes: dict) -> None:
    for key in data:
        if key not in _FIELDS:
            hint = did_you_mean(key, _FIELDS)
            raise StudyError("unknown setting", file=path, where=_line_of(nodes, key), value=key,
                             fix=hint + "known settings: " + ", ".join(_FIELDS))


def _check_speakers(path: Path, speakers: object, nodes: dict) -> dict[str, str]:
    if speakers in (None, {}):
        return {}
    if not isinstance(speakers, dict):
        raise StudyError("'speakers' must map speaker names to roles", file=path,
                         where=_line_of(nodes, "speakers"), value=speakers,
                         fix="write e.g.\n  speakers:\n    Haastattelija: interviewer")
    for name, role in speakers.items():
        if role not in ROLES:
            raise StudyError(f"speaker '{name}' has an unknown role", file=path,
                             where=_line_of(nodes, "speakers"), value=role,
                             fix="use one of: " + ", ".join(ROLES))
    return {str(k): str(v) for k, v in speakers.items()}


def _as_list(path: Path, data: dict, key: str, nodes: dict) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list):
        raise StudyError(f"'{key}' must be a list", file=path, where=_line_of(nodes, key),
                         value=value, fix=f"write each item on its own '- ' line under '{key}:'")
    return [str(v) for v in value]


def _check_interviewer(path: Path, data: dict, nodes: dict, speakers: dict[str, str]
                       ) -> list[str]:
    """``interviewer:`` names speaker labels: text, none empty, none that ``speakers:`` gives
    another role."""
    names = _as_list(path, data, "interviewer", nodes)
    for name, raw in zip(names, data.get("interviewer") or []):
        if isinstance(raw, (dict, list, bool)) or raw is None or not name.strip():
            raise StudyError("'interviewer' lists speaker labels as they are written in the "
                             "transcripts", file=path, where=_line_of(nodes, "interviewer"),
                             value=raw, fix="write e.g. interviewer: [MK, Speaker 1]")
    given = {k.casefold(): (k, v) for k, v in speakers.items()}
    for name in names:
        other = given.get(name.casefold())
        if other and other[1] != "interviewer":
            raise StudyError(f"speaker '{name}' is the interviewer in 'interviewer' but "
                             f"'{other[1]}' in 'speakers'", file=path,
                             where=_line_of(nodes, "interviewer"), value=name,
                             fix="give each speaker one role: remove it from one of the two")
    return [" ".join(n.split()) for n in names]


def _check_cases_from(path: Path, data: dict, nodes: dict) -> str:
    value = str(data.get("cases_from") or "document")
    if value not in CASES_FROM:
        raise StudyError("unknown value of 'cases_from'", file=path,
                         where=_line_of(nodes, "cases_from"), value=data.get("cases_from"),
                         fix="use 'document' (one case per transcript) or 'speaker' (one case "
                             "per participant speaker, for focus groups)")
    return value


_SCALARS = ("title", "language", "transcripts", "cases", "codebook", "group", "order", "codings",
            "unit", "cases_from")


def _check_scalars(path: Path, data: dict, nodes: dict) -> None:
    """Settings that take one value must not be lists, mappings or YAML's true/false."""
    for key in _SCALARS:
        value = data.get(key)
        if isinstance(value, bool):
            raise StudyError(f"YAML read the value of '{key}' as true/false", file=path,
                             where=_line_of(nodes, key), value=value,
                             fix=f"put the value in quotes, e.g. {key}: 'no'")
        if isinstance(value, (list, dict)):
            raise StudyError(f"'{key}' takes one value, not a list or mapping", file=path,
                             where=_line_of(nodes, key), value=value,
                             fix=f"write it as '{key}: value' ({_FIELDS[key]})")


def _optional_str(value) -> str | None:
    return None if value is None or value == "" else str(value)


def config_line(config: "StudyConfig", key: str) -> str | None:
    """``line N`` of ``key`` in the study's ``study.yaml`` (for messages), when known."""
    if config.file is None:
        return None
    try:
        nodes = _key_nodes(config.file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return None
    return _line_of(nodes, key) if key in nodes else None


#: The settings that name a file or folder: what each names, and whether it is a folder.
PATH_SETTINGS = {"transcripts": ("transcripts folder", True), "cases": ("cases table", False),
                 "codebook": ("codebook", False), "codings": ("codings folder", True)}


def missing_path(config: StudyConfig, key: str) -> StudyError:
    """The error for a path setting of ``study.yaml`` that names nothing: the line, the value
    as written, where it was looked for, and how to fix it (a study copied away from files
    it names with ``../`` is the usual cause)."""
    what, folder = PATH_SETTINGS[key]
    path, written = getattr(config, key), config.written.get(key)
    root = Path(os.path.abspath(config.root))
    if written is None:
        return StudyError(f"the {what} does not exist: study.yaml has no '{key}:' setting, "
                          f"and the default is {path}", file=config.file,
                          fix=f"create {path}, or add '{key}: {'FOLDER' if folder else 'FILE'}' "
                              "to study.yaml")
    name = Path(written).name
    beside = root / name
    outside = not Path(os.path.normpath(root / written)).is_relative_to(root)
    if beside.resolve() != path and (beside.is_dir() if folder else beside.is_file()):
        fix = f"{beside} is there: write '{key}: {name}'"
    elif outside:
        fix = (f"paths in study.yaml are relative to its folder, {root}. Copy the {what} into "
               f"that folder and write '{key}: {name}'")
    else:
        fix = f"correct '{key}:' ({_FIELDS[key]}), or {'create' if folder else 'put'} it there"
    if key == "cases":
        fix += ", or remove 'cases:' (then every transcript is a case)"
    if outside:
        fix += ("; or, if this study is a copy of another study folder, copy that one again "
                "with 'interview-analysis init NEW_FOLDER --from THAT_FOLDER' (e.g. --from "
                "corpus/sme-customer-management): it copies in the files that study.yaml names "
                "outside the study folder")
    return StudyError(f"the {what} does not exist: '{key}: {written}' points to {path}",
                      file=config.file, where=config_line(config, key), fix=fix)


def load_config(path: Path) -> StudyConfig:
    """Read and validate ``study.yaml``."""
    from ..base.paths import FileTooLarge, read_limited
    from ..base.yamlsource import MAX_YAML_BYTES
    try:
        text = read_limited(path, MAX_YAML_BYTES).decode("utf-8-sig")
    except FileTooLarge as exc:
        raise StudyError(f"this is too large to be a study.yaml ({exc})", file=path,
                         fix="a study.yaml holds a few settings; check that this is the right "
                             "file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StudyError(f"cannot read study.yaml ({exc})", file=path,
                         fix="save study.yaml as UTF-8 text") from None
    data = _parse_yaml(path, text)
    nodes = _key_nodes(text)
    _check_keys(path, data, nodes)
    _check_scalars(path, data, nodes)
    root = path.parent
    unit = str(data.get("unit", "turn"))
    if unit not in UNITS:
        raise StudyError("unknown passage unit", file=path, where=_line_of(nodes, "unit"),
                         value=unit, fix="use one of: " + ", ".join(UNITS))
    language = str(data.get("language") or "auto")
    if not is_known_language(language):
        raise StudyError("unknown language code", file=path, where=_line_of(nodes, "language"),
                         value=data.get("language"), fix=language_fix())

    path_of_yaml = path

    def resolve(key: str, default: str | None) -> Path | None:
        from ..base.paths import check_path
        value = data.get(key, default)
        if not value:
            return None
        target = check_path(root / str(value), StudyError, file=path_of_yaml,
                            where=_line_of(nodes, key),
                            fix=f"correct '{key}:' ({_FIELDS[key]})")
        return target.resolve()

    speakers = _check_speakers(path, data.get("speakers"), nodes)
    return StudyConfig(
        root=root, file=path, title=str(data.get("title") or root.name), language=language,
        research_questions=_as_list(path, data, "research_questions", nodes),
        transcripts=resolve("transcripts", "transcripts"),
        # A cases.csv (or cases.xlsx) beside study.yaml is the cases table unless study.yaml
        # says otherwise (as in a folder without study.yaml); ``cases: ""`` leaves it out.
        cases=resolve("cases", default_cases_file(root)),
        codebook=resolve("codebook", None), speakers=speakers,
        interviewer=_check_interviewer(path, data, nodes, speakers),
        cases_from=_check_cases_from(path, data, nodes),
        group=_optional_str(data.get("group")), order=_optional_str(data.get("order")),
        codings=resolve("codings", "codings"), unit=unit,
        text_columns=_as_list(path, data, "text_columns", nodes),
        written={key: str(data[key]) for key in PATH_SETTINGS if data.get(key)},
        attributes=parse_attribute_labels(path, text, nodes["attributes"].start_mark.line + 1
                                          if "attributes" in nodes else None),
    )
