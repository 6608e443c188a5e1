"""The residents' site: the model turned into pages, open data and navigation.

Everything here is plain Python, usable and testable without running MkDocs (it
borrows one of MkDocs' functions for relative links, so links are made exactly as
MkDocs makes them); garanti.hook hands MkDocs what `build.SiteBuild` produces.
"""
