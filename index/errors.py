"""Domain errors: a kind and its arguments, never a sentence.

Each edge words them: the CLI and logs through `index.messages` (English, with the
operator's hints), the bot through its own catalogue in the configured language
(`bot/messages.py`, keys `error.<kind>`), so a member never reads a host path or a
command line meant for the operator.
"""

from __future__ import annotations


class FrontlineError(Exception):
    """Base class for errors a user can act on: `kind` names what went wrong, `details` its arguments."""

    def __init__(self, kind: str, /, **details: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.details = details

    def __str__(self) -> str:
        from index.messages import describe

        return describe(self)


class ModelError(FrontlineError):
    """The embedding model cannot be built or loaded."""


class ModelMismatchError(FrontlineError):
    """An index was built with a different embedding model than the one requested."""


class InputError(FrontlineError):
    """An input (file, URL, record) cannot be ingested; `details["label"]` names it."""

    @property
    def label(self) -> str:
        return str(self.details.get("label", ""))

    def relabelled(self, label: str) -> InputError:
        """The same error naming its input as `label` (e.g. an upload's own name, not a temporary path)."""
        return InputError(self.kind, **{**self.details, "label": label})


class IndexNotFoundError(FrontlineError):
    """No index exists at the given location."""


class IndexBusyError(FrontlineError):
    """Another process is writing the index."""


class ArticleNotFoundError(FrontlineError):
    """No article has the given id."""


class IndexCorruptError(FrontlineError):
    """The committed index cannot be read; `frontline index repair` rebuilds it."""


class GenerationError(FrontlineError):
    """A generated answer cannot be used (timeout, HTTP error, malformed stream, unbacked text): extractive is shown."""
