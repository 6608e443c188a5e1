"""Changing content for editors, changing as little as possible (they edit the files by hand afterwards).

scaffold.py   a new unit's guarantee and a unit's follow-up of a year, from the template
rollover.py   next year's validity for every guarantee of a board
files.py      YAML quoting and writing a file in one step (or staging it beside itself, to write several or none)
"""

from .files import write_atomically, yaml_quote
from .rollover import FileChange, RolloverPlan, plan_rollover, write_changes
from .scaffold import new_follow_up, new_guarantee, render_new, resolve_service, split_target

__all__ = [
    "FileChange",
    "RolloverPlan",
    "new_follow_up",
    "new_guarantee",
    "plan_rollover",
    "render_new",
    "resolve_service",
    "split_target",
    "write_atomically",
    "write_changes",
    "yaml_quote",
]
