"""Domain errors. The CLI and the bot translate these into one-line messages."""


class FrontlineError(Exception):
    """Base class for errors a user can act on; str(error) is the one-line message."""


class ModelError(FrontlineError):
    """The embedding model cannot be built or loaded."""


class ModelMismatchError(FrontlineError):
    """An index was built with a different embedding model than the one requested."""


class InputError(FrontlineError):
    """An input (file, URL, record) cannot be ingested; the message names it."""


class IndexNotFoundError(FrontlineError):
    """No index exists at the given location."""


class IndexBusyError(FrontlineError):
    """Another process is writing the index."""


class ArticleNotFoundError(FrontlineError):
    """No article has the given id."""


class IndexCorruptError(FrontlineError):
    """The committed index cannot be read; `frontline index repair` rebuilds it."""
