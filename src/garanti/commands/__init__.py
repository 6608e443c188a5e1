"""Sub-commands of `garanti`, one module each (see garanti.cli)."""
