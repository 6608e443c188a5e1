"""The speed devices on MkDocs' side (garanti.hook.speed): Material's navigation is made once for the
pages that show it alike, unless the switch (site.speed) turns the devices off. That the pages are the
same either way is tests/hook/test_serve.py's and tests/site/test_sample_site_unchanged.py's."""

from __future__ import annotations

import jinja2
import pytest

from garanti.hook.speed import SharedNavigation, with_shared_navigation
from garanti.site.speed import SWITCH, Speed


@pytest.mark.parametrize(("switch", "shared"), [({}, True), ({SWITCH: "1"}, False)])
def test_the_navigation_is_shared_only_with_the_devices(switch, shared):
    env = jinja2.Environment(loader=jinja2.DictLoader({SharedNavigation.TEMPLATE: "<nav>{{ page }}</nav>"}))
    own = env.get_template(SharedNavigation.TEMPLATE).root_render_func
    with_shared_navigation(env, Speed.of(switch))
    template = env.get_template(SharedNavigation.TEMPLATE)
    assert isinstance(template.root_render_func, SharedNavigation) is shared
    assert (template.root_render_func is own) is not shared
    assert template.render(page="x") == "<nav>x</nav>"  # no page with an address: each made as Material does
