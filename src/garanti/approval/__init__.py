"""The approval chain's rules, and the board versions they judge (see versions and rules).

The board paper, the tag and the publish ask the same rules about the same objects;
this package is where each rule is written, once.
"""

from .rules import *  # noqa: F401,F403 - the package's one interface
from .versions import *  # noqa: F401,F403
