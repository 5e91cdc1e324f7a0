"""What the archive knows about the world, as TOML files beside this module."""

import tomllib
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


@cache
def load(name: str) -> dict:
    """The parsed contents of `<name>.toml` in this folder (read once per process)."""
    with (DATA_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)
