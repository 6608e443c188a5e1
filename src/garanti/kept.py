"""The one cache primitive: things made from inputs, each kept while its inputs are the same.

`made(key, make, *inputs)` calls `make(*inputs)` only when the inputs differ from the ones
the kept thing was made from. The maker is given exactly what it reads, so what the
cache compares and what the maker reads cannot drift apart. The preview keeps its loaded
files, generated pages and MkDocs' file objects in these from one build to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

_Made = TypeVar("_Made")


class Kept(Generic[_Made]):
    def __init__(self) -> None:
        self._made: dict[Hashable, tuple[tuple, _Made]] = {}

    def made(self, key: Hashable, make: Callable[..., _Made], *inputs: Hashable) -> _Made:
        kept = self._made.get(key)
        if kept is None or kept[0] != inputs:
            kept = self._made[key] = (inputs, make(*inputs))
        return kept[1]

    def __len__(self) -> int:
        return len(self._made)

    def forget(self, key: Hashable | None = None) -> None:
        """Forget one kept thing (the page of a unit that is gone), or all of them."""
        if key is None:
            self._made.clear()
        else:
            self._made.pop(key, None)
