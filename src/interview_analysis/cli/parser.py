"""The argument parser: commands register themselves with the arguments they take.

A command is declared next to its code in :mod:`.commands`::

    @command("code", "code the passages with the codebook's rules", *STUDY, *TABLE_OUT,
             CODEBOOK)
    def code(args): ...

Only the standard library is imported here, so parsing (and every mistake in it) is instant.
"""
from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field

from ..base.suggest import did_you_mean
from ..errors import UsageError


@dataclass(frozen=True)
class Arg:
    """One argument: what :meth:`argparse.ArgumentParser.add_argument` takes."""

    names: tuple[str, ...]
    options: dict = field(default_factory=dict)


def arg(*names: str, **options) -> Arg:
    """An argument of a command: ``arg("--out", type=Path, help="output file")``."""
    return Arg(names, options)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    args: tuple[Arg, ...]
    run: Callable


#: Every command, in the order ``--help`` lists them.
COMMANDS: dict[str, Command] = {}


def command(name: str, help: str, *args: Arg):
    """Register a sub-command with its arguments; the decorated function runs it."""
    def wrap(func):
        COMMANDS[name] = Command(name, help, args, func)
        return func
    return wrap


def whole_number(minimum: int, maximum: int | None = None):
    """An argparse type: a whole number from ``minimum`` (to ``maximum``)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        if maximum is not None and value > maximum:
            raise argparse.ArgumentTypeError(f"must be at most {maximum}: {text!r}")
        return value
    parse.__name__ = (f"whole number from {minimum} to {maximum}" if maximum is not None
                      else f"whole number >= {minimum}")
    return parse


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is an ``error: ...`` message like every other problem, with
    a suggestion for a mistyped command or choice."""

    def error(self, message: str):
        hint = ""
        if "invalid choice: '" in message:
            wrong = message.split("invalid choice: '", 1)[1].split("'", 1)[0]
            choices = message.rsplit("(choose from ", 1)[-1].rstrip(")").replace("'", "")
            hint = did_you_mean(wrong, [c.strip() for c in choices.split(",")])
        raise UsageError(f"{self.prog}: {message}",
                         fix=hint + f"see '{self.prog} --help' for the arguments and options\n"
                             + self.format_usage().strip())
