"""The residents' site: the model turned into pages, open data and navigation.

Everything here is plain Python, usable and testable without MkDocs; the hook
in hooks/ only hands MkDocs what `build.SiteBuild` produces.
"""
