"""MkDocs hook: hands MkDocs' events to garanti.hook.SiteHook, and nothing more.

Every decision lives in the garanti package (garanti.site makes the site, garanti.hook
puts it on MkDocs' objects), which is tested without this file.
(Not named garanti.py: MkDocs puts hooks/ first on sys.path while loading a hook, and
the hook would then shadow the garanti package.)
"""

from garanti.hook import SiteHook

_hook = SiteHook()  # MkDocs loads this module once per process

on_startup = _hook.on_startup
on_config = _hook.on_config
on_files = _hook.on_files
on_nav = _hook.on_nav
on_env = _hook.on_env
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content
on_page_context = _hook.on_page_context
on_post_page = _hook.on_post_page
on_post_build = _hook.on_post_build
on_build_error = _hook.on_build_error
on_shutdown = _hook.on_shutdown
