"""Where things live: the state directory, the shipped data, the shared reference data.

Every path Termswatch uses by default is derived here, so nothing is ever written into the
current directory or into the package.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

# The checkout, for what only a checkout has (../shared beside it); never for shipped files.
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_HOME = Path("~/.termswatch")


def data_dir() -> Path:
    """The shipped data folder (catalogue, taxonomy, scoring parameters, model weights).

    ``TERMSWATCH_DATA`` overrides it. By default it is the package ``monitor.data``: the
    repository's ``data/`` in an editable install, its copy in site-packages otherwise.
    """
    return Path(os.environ.get("TERMSWATCH_DATA") or _shipped("monitor.data"))


def scoring_method() -> Path:
    """The scoring method in plain words (``docs/scoring.md``), which the site's method page
    renders; shipped as ``monitor.docs`` so an installed package has it too."""
    return _shipped("monitor.docs") / "scoring.md"


def _shipped(package: str) -> Path:
    try:
        return Path(str(files(package)))
    except ModuleNotFoundError:
        # An editable install made before the data was packaged only knows the code.
        raise RuntimeError(f"{package} not found: Termswatch is not installed, or its install predates "
                           "the packaged data; run `pip install -e .` in the checkout again") from None


def shared_dir() -> Path:
    """The reference data (real OTA histories, labelled corpora), read-only.

    One setting for every test, benchmark and training script: ``TERMSWATCH_SHARED``, by
    default ``../shared`` beside the checkout.
    """
    return Path(os.environ.get("TERMSWATCH_SHARED") or REPO_ROOT.parent / "shared")


def default_catalogue(home: "Home | None" = None) -> Path:
    """The catalogue of services: the one ``catalogue update`` installed in ``home`` when
    there is one, else the shipped ``data/services``."""
    if home is not None and home.catalogue_declarations.is_dir():
        return home.catalogue_declarations
    return data_dir() / "services"


def declaration_folders(home: "Home") -> list[Path]:
    """What ``crawl`` and ``run`` read without ``--declarations``: the catalogue, then the
    user's own folder ``<home>/declarations`` (where ``add`` writes) when it exists; a
    service declared in both is the user's."""
    folders = [default_catalogue(home)]
    if home.declarations.is_dir():
        folders.append(home.declarations)
    return folders


def resolve_home(home: str | os.PathLike | None = None) -> Path:
    """The state directory: ``--home``, else ``TERMSWATCH_HOME``, else ``~/.termswatch``."""
    chosen = home or os.environ.get("TERMSWATCH_HOME") or DEFAULT_HOME
    return Path(chosen).expanduser().resolve()


class Home:
    """The layout of one state directory."""

    def __init__(self, root: str | os.PathLike | None = None):
        self.root = resolve_home(root)

    @property
    def database(self) -> Path:
        return self.root / "termswatch.db"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def declarations(self) -> Path:
        """The user's own declarations (``add`` writes there)."""
        return self.root / "declarations"

    @property
    def catalogue(self) -> Path:
        """Where ``catalogue update`` keeps its copy, its source record and licence:
        ``TERMSWATCH_CATALOGUE``, else ``<home>/catalogue``."""
        chosen = os.environ.get("TERMSWATCH_CATALOGUE")
        return Path(chosen).expanduser().resolve() if chosen else self.root / "catalogue"

    @property
    def catalogue_declarations(self) -> Path:
        return self.catalogue / "declarations"

    @property
    def config(self) -> Path:
        return self.root / "termswatch.toml"

    @property
    def lock(self) -> Path:
        return self.root / "termswatch.lock"

    def ensure(self) -> "Home":
        self.root.mkdir(parents=True, exist_ok=True)
        return self

    def __repr__(self) -> str:
        return f"Home({str(self.root)!r})"
